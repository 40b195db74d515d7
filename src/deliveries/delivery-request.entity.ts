import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
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
import { StaffUser } from '../auth/staff-user.entity.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Zone } from '../zones/zone.entity.js';

export enum DeliveryStatus {
  OPEN = 'OPEN',
  OFFERED = 'OFFERED',
  ASSIGNED = 'ASSIGNED',
  PICKED_UP = 'PICKED_UP',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

/** Closed requests: their code is free again, and retention wipes their protected fields. */
export const CLOSED_STATUSES: readonly DeliveryStatus[] = [
  DeliveryStatus.DELIVERED,
  DeliveryStatus.CANCELLED,
];

export enum DeliveryUrgency {
  LOW = 'LOW',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
}
registerEnumType(DeliveryUrgency, { name: 'DeliveryUrgency' });

/**
 * A family's grocery request, as a coordinator took it from the hotline. There is no field for immigration
 * status, and none may be added. Address, contact phone and notes are stored only encrypted (FieldCipher); the
 * resolver decrypts them per read, and each read is audited.
 */
@ObjectType()
@Entity('delivery_requests')
// The SMS code is unique among open requests only: a closed request's code may be handed out again.
@Index('UQ_delivery_requests_open_code', ['code'], {
  unique: true,
  where: `"status" NOT IN ('DELIVERED', 'CANCELLED')`,
})
@Index('IDX_delivery_requests_deliver_by', ['deliverBy', 'id'])
@Index('IDX_delivery_requests_zone_status', ['zoneId', 'status'])
@Index('IDX_delivery_requests_in_progress', ['assignedVolunteerId', 'deliverBy'], {
  where: `"status" IN ('ASSIGNED', 'PICKED_UP')`,
})
@Index('IDX_delivery_requests_pii_kept', ['closedAt'], {
  where: `"closed_at" IS NOT NULL AND "pii_purged_at" IS NULL`,
})
export class DeliveryRequest {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => Int, { description: 'Short code volunteers text back (YES 731); unique among open requests' })
  @Column('int')
  code!: number;

  @Field(() => DeliveryStatus)
  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'delivery_status', default: DeliveryStatus.OPEN })
  status!: DeliveryStatus;

  @Column('uuid')
  zoneId!: string;

  @Field(() => Zone)
  @ManyToOne(() => Zone, { nullable: false })
  @JoinColumn({ name: 'zone_id', foreignKeyConstraintName: 'delivery_requests_zone_id_fkey' })
  zone!: Zone;

  @Field({ description: 'What the coordinator calls the household; never a legal name' })
  @Column()
  householdAlias!: string;

  @Field(() => Int)
  @Column('int')
  householdSize!: number;

  @Field({ description: 'The household’s language, e.g. es' })
  @Column()
  language!: string;

  @Field(() => String, { nullable: true, description: 'Groceries and diet' })
  @Column('text', { nullable: true })
  needs!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliverAfter!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'The latest acceptable delivery time' })
  @Column({ type: 'timestamptz', precision: 3 })
  deliverBy!: Date;

  @Field(() => DeliveryUrgency)
  @Column({
    type: 'enum',
    enum: DeliveryUrgency,
    enumName: 'delivery_urgency',
    default: DeliveryUrgency.NORMAL,
  })
  urgency!: DeliveryUrgency;

  @Column('uuid')
  createdById!: string;

  @Field(() => StaffUser, { description: 'The staff user who took the request' })
  @ManyToOne(() => StaffUser, { nullable: false })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'delivery_requests_created_by_id_fkey' })
  createdBy!: StaffUser;

  @Column('uuid', { nullable: true })
  assignedVolunteerId!: string | null;

  @Field(() => Volunteer, { nullable: true })
  @ManyToOne(() => Volunteer, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'assigned_volunteer_id',
    foreignKeyConstraintName: 'delivery_requests_assigned_volunteer_id_fkey',
  })
  assignedVolunteer!: Volunteer | null;

  @Field({ description: 'Auto mode: each decline or expiry offers the next suggestion, until one accepts' })
  @Column({ default: false })
  autoDispatch!: boolean;

  /** FieldCipher output; null once retention wiped it. */
  @Column('text', { nullable: true })
  addressCiphertext!: string | null;

  @Column('text', { nullable: true })
  contactPhoneCiphertext!: string | null;

  @Column('text', { nullable: true })
  notesCiphertext!: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it was delivered or cancelled; retention counts PII_RETENTION_DAYS from then',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When retention wiped address, contact phone and notes (and the texts about the request); null until then',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  piiPurgedAt!: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
