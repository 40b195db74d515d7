import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Alert } from './alert.entity.js';

/**
 * A dispatched volunteer who answered OMW: counted while the alert had fewer than its target, else asked to stand
 * by (`standby`). One row per volunteer and alert.
 */
@ObjectType()
@Entity('alert_responders')
@Unique('UQ_alert_responders_volunteer', ['alertId', 'volunteerId'])
export class AlertResponder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  alertId!: string;

  @ManyToOne(() => Alert, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'FK_alert_responders_alert' })
  alert?: Alert;

  @Column('uuid')
  volunteerId!: string;

  @Field(() => Volunteer)
  @ManyToOne(() => Volunteer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'FK_alert_responders_volunteer' })
  volunteer!: Volunteer;

  @Field(() => String, { nullable: true, description: 'What they can do, from their text; null once wiped' })
  @Column({ type: 'varchar', length: 160, nullable: true })
  note!: string | null;

  @Column('boolean')
  standby!: boolean;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
