import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Signup } from './signup.entity.js';

/** A shift reminder that was written to the outbox: its signup, offset and the start it announced, once each. */
@Entity('shift_reminders_sent')
@Index('UQ_shift_reminders_sent', ['signupId', 'offsetMinutes', 'shiftStartsAt'], { unique: true })
export class ShiftReminderSent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  signupId!: string;

  @ManyToOne(() => Signup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signup_id', foreignKeyConstraintName: 'FK_shift_reminders_sent_signup' })
  signup?: Signup;

  @Column('int')
  offsetMinutes!: number;

  @Column({ type: 'timestamptz', precision: 3 })
  shiftStartsAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
