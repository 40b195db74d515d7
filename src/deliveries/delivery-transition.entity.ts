import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DeliveryRequest, DeliveryStatus } from './delivery-request.entity.js';

export enum ActorKind {
  STAFF = 'STAFF',
  VOLUNTEER = 'VOLUNTEER',
  SYSTEM = 'SYSTEM',
}
registerEnumType(ActorKind, { name: 'ActorKind' });

@ObjectType({
  description: 'Who made a change: a staff user, a volunteer (by SMS), or the system (expiry, retention)',
})
export class Actor {
  @Field(() => ActorKind)
  kind!: ActorKind;

  @Field(() => ID, { nullable: true, description: 'The staff user or volunteer; null for SYSTEM' })
  id!: string | null;
}

/** One row per change of a request's status; the first is its creation (from null to OPEN). */
@ObjectType()
@Entity('delivery_transitions')
@Index('IDX_delivery_transitions_request', ['requestId', 'sequence'])
export class DeliveryTransition {
  /** Orders a request's history even when two changes share a millisecond. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  sequence!: string;

  @Column('uuid')
  requestId!: string;

  @ManyToOne(() => DeliveryRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'delivery_transitions_request_id_fkey' })
  request?: DeliveryRequest;

  @Field(() => DeliveryStatus, { nullable: true, description: 'Null for the creation' })
  @Column({
    name: 'from_status',
    type: 'enum',
    enum: DeliveryStatus,
    enumName: 'delivery_status',
    nullable: true,
  })
  from!: DeliveryStatus | null;

  @Field(() => DeliveryStatus)
  @Column({ name: 'to_status', type: 'enum', enum: DeliveryStatus, enumName: 'delivery_status' })
  to!: DeliveryStatus;

  @Column({ type: 'enum', enum: ActorKind, enumName: 'delivery_actor_kind' })
  actorKind!: ActorKind;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  reason!: string | null;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
