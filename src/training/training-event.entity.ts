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
import { Zone } from '../zones/zone.entity.js';

export enum TrainingEventStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(TrainingEventStatus, { name: 'TrainingEventStatus' });

export const MAX_TITLE_LENGTH = 80;
export const MAX_VENUE_LENGTH = 100;

/**
 * A know-your-rights session: DRAFT while the trainer prepares it and its shifts, PUBLISHED once its shifts are
 * offered to volunteers and the public may register, COMPLETED after it ends (a worker task), or CANCELLED.
 * `registeredCount` is raised only by a conditional UPDATE, and the database refuses more than `capacity`.
 */
@ObjectType()
@Entity('training_events')
@Check('CHK_training_events_capacity', `"capacity" BETWEEN 1 AND 10000`)
@Check('CHK_training_events_registered_within_capacity', `"registered_count" BETWEEN 0 AND "capacity"`)
@Check('CHK_training_events_walk_ins', `"walk_in_count" >= 0`)
@Check('CHK_training_events_ends_after_start', `"ends_at" > "starts_at"`)
@Check('CHK_training_events_languages', `cardinality("languages") > 0`)
@Index('IDX_training_events_starts', ['startsAt', 'id'])
@Index('IDX_training_events_status_ends', ['status', 'endsAt'])
export class TrainingEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field()
  @Column({ type: 'varchar', length: MAX_TITLE_LENGTH })
  title!: string;

  @Field(() => [String], { description: 'Language codes the session is taught in, such as es' })
  @Column('text', { array: true })
  languages!: string[];

  @Field({ description: 'A public place (a library, a church hall): never a private address' })
  @Column({ type: 'varchar', length: MAX_VENUE_LENGTH })
  venue!: string;

  @Column('uuid')
  zoneId!: string;

  @Field(() => Zone)
  @ManyToOne(() => Zone, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'zone_id', foreignKeyConstraintName: 'FK_training_events_zone' })
  zone!: Zone;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  endsAt!: Date;

  @Field(() => Int, { description: 'Attendees who may register' })
  @Column('int')
  capacity!: number;

  @Field(() => Int)
  @Column('int', { default: 0 })
  registeredCount!: number;

  @Field(() => Int, { nullable: true, description: 'People who came without registering (recordAttendance)' })
  @Column('int', { nullable: true })
  walkInCount!: number | null;

  @Field(() => ID)
  @Column('uuid')
  trainerId!: string;

  @Field(() => StaffUser)
  @ManyToOne(() => StaffUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trainer_id', foreignKeyConstraintName: 'FK_training_events_trainer' })
  trainer!: StaffUser;

  @Field(() => TrainingEventStatus)
  @Column({
    type: 'enum',
    enum: TrainingEventStatus,
    enumName: 'training_event_status',
    default: TrainingEventStatus.DRAFT,
  })
  status!: TrainingEventStatus;

  @Field(() => ID, {
    nullable: true,
    description: 'The broadcast that offered its shifts (see broadcast(id))',
  })
  @Column('uuid', { nullable: true })
  offerBroadcastId!: string | null;

  @ManyToOne(() => Broadcast, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'offer_broadcast_id', foreignKeyConstraintName: 'FK_training_events_offer_broadcast' })
  offerBroadcast?: Broadcast | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 300, nullable: true })
  cancelReason!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  publishedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
