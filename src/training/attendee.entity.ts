import { Field, ID, ObjectType } from '@nestjs/graphql';
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
import { TrainingEvent } from './training-event.entity.js';

/**
 * A member of the public registered for a session. The phone (optional, for one reminder) is stored only
 * encrypted (FieldCipher) and never shown; name and phone are wiped PII_RETENTION_DAYS after the event.
 */
@ObjectType()
@Entity('attendees')
@Index('IDX_attendees_event', ['eventId', 'createdAt'])
export class Attendee {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  eventId!: string;

  @ManyToOne(() => TrainingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_attendees_event' })
  event?: TrainingEvent;

  @Field(() => String, { nullable: true, description: 'Null when not given, or once retention wiped it' })
  @Column({ type: 'varchar', length: 120, nullable: true })
  name!: string | null;

  /** FieldCipher output of the E.164 phone; null when not given, or once retention wiped it. */
  @Column('text', { nullable: true })
  phoneCiphertext!: string | null;

  @Field({ description: 'Language the attendee is texted in' })
  @Column({ type: 'varchar' })
  language!: string;

  @Field()
  @Column({ default: false })
  attended!: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  personalDataPurgedAt!: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
