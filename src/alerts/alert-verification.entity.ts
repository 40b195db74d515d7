import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Alert } from './alert.entity.js';

/** A volunteer asked to check an alert, and their one answer (SEEN or NOTSEEN) once it came. */
@ObjectType()
@Entity('alert_verifications')
@Unique('UQ_alert_verifications_volunteer', ['alertId', 'volunteerId'])
@Check('CHK_alert_verifications_answer', `("seen" IS NULL) = ("answered_at" IS NULL)`)
export class AlertVerification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  alertId!: string;

  @ManyToOne(() => Alert, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'FK_alert_verifications_alert' })
  alert?: Alert;

  @Column('uuid')
  volunteerId!: string;

  @Field(() => Volunteer)
  @ManyToOne(() => Volunteer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'FK_alert_verifications_volunteer' })
  volunteer!: Volunteer;

  @Column({ type: 'timestamptz', precision: 3 })
  askedAt!: Date;

  /** Null until they answer. */
  @Field(() => Boolean, { description: 'SEEN (true) or NOTSEEN (false)' })
  @Column('boolean', { nullable: true })
  seen!: boolean | null;

  @Field(() => GraphQLISODateTime, { name: 'at', description: 'When they answered' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  answeredAt!: Date | null;
}
