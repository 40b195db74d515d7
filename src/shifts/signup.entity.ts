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
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Shift } from './shift.entity.js';

export enum SignupStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  DROPPED = 'DROPPED',
  ATTENDED = 'ATTENDED',
  NO_SHOW = 'NO_SHOW',
}
registerEnumType(SignupStatus, { name: 'SignupStatus' });

/** Statuses that hold a seat (counted in Shift.confirmedCount). */
export const SEAT_HOLDING = [SignupStatus.CONFIRMED, SignupStatus.ATTENDED];
/** Statuses that keep a volunteer on a shift: the ones that count for overlaps and for "already signed up". */
export const ACTIVE_SIGNUP = [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.ATTENDED];

/**
 * A volunteer on a shift. At most one signup per shift and volunteer that is not DROPPED (a volunteer who dropped
 * may claim again); a waitlist position exactly when WAITLISTED, unique within the shift (checked at commit, so
 * positions can be renumbered in one statement).
 */
@ObjectType()
@Entity('signups')
@Index('UQ_signups_shift_volunteer_active', ['shiftId', 'volunteerId'], {
  unique: true,
  where: `"status" <> 'DROPPED'`,
})
@Index('IDX_signups_volunteer_status', ['volunteerId', 'status'])
// The no-show marker and the reminder reconciler look up a shift's confirmed signups.
@Index('IDX_signups_confirmed_shift', ['shiftId'], { where: `"status" = 'CONFIRMED'` })
@Unique('UQ_signups_waitlist_position', ['shiftId', 'waitlistPosition'], { deferrable: 'INITIALLY DEFERRED' })
@Check('CHK_signups_waitlist_position', `("status" = 'WAITLISTED') = ("waitlist_position" IS NOT NULL)`)
@Check('CHK_signups_waitlist_position_positive', `"waitlist_position" >= 1`)
export class Signup {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  shiftId!: string;

  @Field(() => Shift)
  @ManyToOne(() => Shift, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shift_id', foreignKeyConstraintName: 'FK_signups_shift' })
  shift?: Shift;

  @Column('uuid')
  volunteerId!: string;

  @Field(() => Volunteer)
  @ManyToOne(() => Volunteer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'FK_signups_volunteer' })
  volunteer?: Volunteer;

  @Field(() => SignupStatus)
  @Column({ type: 'enum', enum: SignupStatus, enumName: 'signup_status' })
  status!: SignupStatus;

  @Field(() => Int, { nullable: true, description: '1 is next in line; set only while WAITLISTED' })
  @Column('int', { nullable: true })
  waitlistPosition!: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  droppedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  checkedInAt!: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
