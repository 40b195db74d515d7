import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Volunteer } from '../../volunteers/volunteer.entity.js';

/**
 * A volunteer's iCalendar feed: one per volunteer. The URL's token is found by its SHA-256 (unique), and kept
 * encrypted (a protected column) so coordinators can show the link; a new token replaces the row's.
 */
@Entity('calendar_feeds')
@Index('UQ_calendar_feeds_volunteer', ['volunteerId'], { unique: true })
@Index('UQ_calendar_feeds_token_hash', ['tokenHash'], { unique: true })
export class CalendarFeed {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  volunteerId!: string;

  @ManyToOne(() => Volunteer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'FK_calendar_feeds_volunteer' })
  volunteer?: Volunteer;

  /** Hex SHA-256 of the token. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  /** FieldCipher output. */
  @Column('text')
  tokenCiphertext!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
