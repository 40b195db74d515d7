import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { DeliveryRequest } from './delivery-request.entity.js';

export enum OfferStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(OfferStatus, { name: 'OfferStatus' });

/**
 * A delivery request offered to one volunteer by text. Several may be pending at once; the first YES wins. The
 * database holds the rule: at most one ACCEPTED offer per request, one PENDING per request × volunteer.
 */
@ObjectType('Offer')
@Entity('delivery_offers')
@Index('UQ_delivery_offers_one_accepted', ['requestId'], { unique: true, where: `"status" = 'ACCEPTED'` })
@Index('UQ_delivery_offers_one_pending', ['requestId', 'volunteerId'], {
  unique: true,
  where: `"status" = 'PENDING'`,
})
@Index('IDX_delivery_offers_request_volunteer', ['requestId', 'volunteerId'])
@Index('IDX_delivery_offers_volunteer_status', ['volunteerId', 'status'])
export class DeliveryOffer {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  requestId!: string;

  @ManyToOne(() => DeliveryRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'delivery_offers_request_id_fkey' })
  request?: DeliveryRequest;

  @Column('uuid')
  volunteerId!: string;

  @Field(() => Volunteer)
  @ManyToOne(() => Volunteer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'delivery_offers_volunteer_id_fkey' })
  volunteer!: Volunteer;

  @Field(() => OfferStatus)
  @Column({ type: 'enum', enum: OfferStatus, enumName: 'offer_status', default: OfferStatus.PENDING })
  status!: OfferStatus;

  @Field(() => GraphQLISODateTime, {
    description:
      'OFFER_EXPIRY_MINUTES after the offer text goes out (after quiet hours, unless HIGH urgency)',
  })
  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it was accepted, declined, expired or withdrawn',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  respondedAt!: Date | null;

  /** A withdrawn offer whose holder was texted "it's been taken" (not one whose YES was on its way). */
  @Column({ default: false })
  withdrawalTexted!: boolean;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
