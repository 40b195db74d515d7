import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  Check,
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
import { Broadcast } from '../messaging/broadcasts/broadcast.entity.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Zone } from '../zones/zone.entity.js';

export enum AlertKind {
  RAID = 'RAID',
  CHECKPOINT = 'CHECKPOINT',
  WORKPLACE = 'WORKPLACE',
  SURVEILLANCE = 'SURVEILLANCE',
  OTHER = 'OTHER',
}
registerEnumType(AlertKind, { name: 'AlertKind' });

export enum AlertStatus {
  REPORTED = 'REPORTED',
  VERIFYING = 'VERIFYING',
  CONFIRMED = 'CONFIRMED',
  RESOLVED = 'RESOLVED',
  FALSE_ALARM = 'FALSE_ALARM',
  EXPIRED = 'EXPIRED',
}
registerEnumType(AlertStatus, { name: 'AlertStatus' });

/** Alerts still being handled: their code is theirs alone, and they expire at `expiresAt`. */
export const OPEN_ALERT_STATUSES: readonly AlertStatus[] = [
  AlertStatus.REPORTED,
  AlertStatus.VERIFYING,
  AlertStatus.CONFIRMED,
];

/** SALUTE: what a trained observer reports. Every part is optional; a text report has none. */
@ObjectType()
export class AlertDetails {
  @Field(() => String, { nullable: true, description: 'How many agents and vehicles' })
  size?: string | null;

  @Field(() => String, { nullable: true, description: 'What they are doing' })
  activity?: string | null;

  @Field(() => String, { nullable: true, description: 'Where exactly, in public terms' })
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'Uniforms, insignia, markings' })
  uniform?: string | null;

  @Field(() => String, { nullable: true, description: 'When it was seen' })
  time?: string | null;

  @Field(() => String, { nullable: true, description: 'Vehicles, weapons, equipment' })
  equipment?: string | null;
}

/**
 * A report of enforcement activity, from a coordinator or a volunteer's text. Only a confirmed alert is sent out
 * (one urgent broadcast to the zone's responders). Location and details are wiped PII_RETENTION_DAYS after it
 * closed; kind, zone, times and counts stay.
 */
@ObjectType()
@Entity('alerts')
@Check('CHK_alerts_code', `"code" BETWEEN 100 AND 999`)
@Check('CHK_alerts_responders_within_target', `"responders_count" BETWEEN 0 AND "responder_target"`)
@Check('CHK_alerts_one_reporter', `"reported_by_staff_id" IS NULL OR "reported_by_volunteer_id" IS NULL`)
// The SMS code is unique among open alerts only: a closed alert's code may be handed out again.
@Index('UQ_alerts_open_code', ['code'], {
  unique: true,
  where: `"status" IN ('REPORTED', 'VERIFYING', 'CONFIRMED')`,
})
@Index('IDX_alerts_created', ['createdAt', 'id'])
@Index('IDX_alerts_open_expiry', ['expiresAt'], {
  where: `"status" IN ('REPORTED', 'VERIFYING', 'CONFIRMED')`,
})
@Index('IDX_alerts_details_kept', ['closedAt'], {
  where: `"details_purged_at" IS NULL AND "closed_at" IS NOT NULL`,
})
export class Alert {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => Int, {
    description: '3 digits volunteers text back (SEEN 512, OMW 512); unique among open alerts',
  })
  @Column('int')
  code!: number;

  @Column('uuid')
  zoneId!: string;

  @Field(() => Zone)
  @ManyToOne(() => Zone, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'zone_id', foreignKeyConstraintName: 'FK_alerts_zone' })
  zone!: Zone;

  @Field(() => AlertKind)
  @Column({ type: 'enum', enum: AlertKind, enumName: 'alert_kind' })
  kind!: AlertKind;

  @Field(() => String, {
    nullable: true,
    description: 'A public place (an intersection, a business), never a private address; null once wiped',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  @Field(() => AlertDetails, { nullable: true, description: 'SALUTE details; null once wiped' })
  @Column('jsonb', { nullable: true })
  details!: AlertDetails | null;

  @Field(() => AlertStatus)
  @Column({ type: 'enum', enum: AlertStatus, enumName: 'alert_status', default: AlertStatus.REPORTED })
  status!: AlertStatus;

  @Column('uuid', { nullable: true })
  reportedByStaffId!: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reported_by_staff_id', foreignKeyConstraintName: 'FK_alerts_reported_by_staff' })
  reportedByStaff?: StaffUser | null;

  @Column('uuid', { nullable: true })
  reportedByVolunteerId!: string | null;

  @ManyToOne(() => Volunteer, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'reported_by_volunteer_id',
    foreignKeyConstraintName: 'FK_alerts_reported_by_volunteer',
  })
  reportedByVolunteer?: Volunteer | null;

  /** The coordinator who confirmed it; null when the verifiers' SEEN replies did. */
  @Column('uuid', { nullable: true })
  confirmedByStaffId!: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'confirmed_by_staff_id', foreignKeyConstraintName: 'FK_alerts_confirmed_by_staff' })
  confirmedByStaff?: StaffUser | null;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Resolved, false alarm or expired' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The note given when it was resolved or marked false' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  closeNote!: string | null;

  /** ALERT_RESPONDER_TARGET when the alert was created: the database refuses more counted responders. */
  @Field(() => Int)
  @Column('int')
  responderTarget!: number;

  @Field(() => Int, { description: 'Responders counted (OMW), at most responderTarget' })
  @Column('int', { default: 0 })
  respondersCount!: number;

  /** The urgent broadcast that dispatched it: its texts say who was dispatched. */
  @Column('uuid', { nullable: true })
  dispatchBroadcastId!: string | null;

  @ManyToOne(() => Broadcast, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'dispatch_broadcast_id', foreignKeyConstraintName: 'FK_alerts_dispatch_broadcast' })
  dispatchBroadcast?: Broadcast | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When retention wiped location and details',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  detailsPurgedAt!: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
