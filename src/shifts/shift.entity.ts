import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
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
import { TrainingEvent } from '../training/training-event.entity.js';
import { Skill } from '../volunteers/volunteer.entity.js';
import { Zone } from '../zones/zone.entity.js';

/**
 * A block of time that needs people: part of a training session or standing alone (hotline, watch, delivery
 * block). `confirmedCount` and `waitlistCount` are kept by the signup service under the row's lock, and the
 * database refuses more confirmed than seats.
 */
@ObjectType()
@Entity('shifts')
@Check('CHK_shifts_seats', `"seats" BETWEEN 1 AND 10000`)
@Check('CHK_shifts_ends_after_start', `"ends_at" > "starts_at"`)
@Check('CHK_shifts_confirmed_within_seats', `"confirmed_count" BETWEEN 0 AND "seats"`)
@Check('CHK_shifts_waitlist_count', `"waitlist_count" >= 0`)
@Check('CHK_shifts_code', `"code" ~ '^[0-9]{4}$'`)
@Index('IDX_shifts_starts', ['startsAt', 'id'])
@Index('IDX_shifts_zone_starts', ['zoneId', 'startsAt'])
@Index('IDX_shifts_event', ['eventId', 'startsAt'], { where: `"event_id" IS NOT NULL` })
// A code names one shift while it can still be texted about; an ended shift's code is released when a new shift
// draws it (see shift-code.ts), so 9,000 codes serve any number of shifts over time.
@Index('UQ_shifts_code_in_use', ['code'], { unique: true, where: `NOT "code_released"` })
export class Shift {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field({ description: '4 digits, for SMS (CLAIM 4821); unique among shifts that have not ended' })
  @Column({ type: 'varchar', length: 4 })
  code!: string;

  /** The code may be given to a new shift: this one has ended. */
  @Column({ default: false })
  codeReleased!: boolean;

  @Column('uuid')
  zoneId!: string;

  @Field(() => Zone)
  @ManyToOne(() => Zone, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'zone_id', foreignKeyConstraintName: 'FK_shifts_zone' })
  zone!: Zone;

  /** The training event the shift is part of; null for a shift that stands alone. */
  @Column('uuid', { nullable: true })
  eventId!: string | null;

  @Field(() => TrainingEvent, { nullable: true })
  @ManyToOne(() => TrainingEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_shifts_event' })
  event?: TrainingEvent | null;

  @Field({ description: 'Free text such as greeter, interpreter or hotline' })
  @Column({ type: 'varchar', length: 60 })
  role!: string;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  startsAt!: Date;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  endsAt!: Date;

  @Field(() => Int)
  @Column('int')
  seats!: number;

  @Field(() => Skill, { nullable: true })
  @Column({ type: 'varchar', nullable: true })
  requiredSkill!: Skill | null;

  @Field(() => String, { nullable: true, description: 'A language code such as es' })
  @Column({ type: 'varchar', nullable: true })
  requiredLanguage!: string | null;

  @Field(() => Int, { description: 'Seats taken (confirmed, or checked in)' })
  @Column('int', { default: 0 })
  confirmedCount!: number;

  @Field(() => Int)
  @Column('int', { default: 0 })
  waitlistCount!: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
