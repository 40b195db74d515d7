import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Attendee } from './attendee.entity.js';

/** An attendee's day-before reminder that was written to the outbox: once per attendee and start announced. */
@Entity('attendee_reminders_sent')
@Index('UQ_attendee_reminders_sent', ['attendeeId', 'eventStartsAt'], { unique: true })
export class AttendeeReminderSent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  attendeeId!: string;

  @ManyToOne(() => Attendee, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attendee_id', foreignKeyConstraintName: 'FK_attendee_reminders_sent_attendee' })
  attendee?: Attendee;

  @Column({ type: 'timestamptz', precision: 3 })
  eventStartsAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
