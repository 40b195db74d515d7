import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Alert, AlertStatus } from './alert.entity.js';

export enum AlertActorKind {
  STAFF = 'STAFF',
  VOLUNTEER = 'VOLUNTEER',
  SYSTEM = 'SYSTEM',
}
registerEnumType(AlertActorKind, { name: 'AlertActorKind' });

@ObjectType({
  description: 'Who made a change to an alert: a staff user, a volunteer (by SMS), or the system',
})
export class AlertActor {
  @Field(() => AlertActorKind)
  kind!: AlertActorKind;

  @Field(() => ID, { nullable: true, description: 'The staff user or volunteer; null for SYSTEM' })
  id!: string | null;
}

/** One row per change of an alert's status; the first is its creation (from null to REPORTED). */
@ObjectType()
@Entity('alert_transitions')
@Index('IDX_alert_transitions_alert', ['alertId', 'sequence'])
export class AlertTransition {
  /** Orders an alert's history even when two changes share a millisecond. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  sequence!: string;

  @Column('uuid')
  alertId!: string;

  @ManyToOne(() => Alert, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'FK_alert_transitions_alert' })
  alert?: Alert;

  @Field(() => AlertStatus, { nullable: true, description: 'Null for the creation' })
  @Column({ name: 'from_status', type: 'enum', enum: AlertStatus, enumName: 'alert_status', nullable: true })
  from!: AlertStatus | null;

  @Field(() => AlertStatus)
  @Column({ name: 'to_status', type: 'enum', enum: AlertStatus, enumName: 'alert_status' })
  to!: AlertStatus;

  @Column({ type: 'enum', enum: AlertActorKind, enumName: 'alert_actor_kind' })
  actorKind!: AlertActorKind;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  note!: string | null;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
