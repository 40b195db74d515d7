import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Zone } from '../zones/zone.entity.js';

export enum Skill {
  DRIVER = 'DRIVER',
  HAS_CAR = 'HAS_CAR',
  TRAINER = 'TRAINER',
  INTERPRETER = 'INTERPRETER',
  RAPID_RESPONSE = 'RAPID_RESPONSE',
  CHILDCARE = 'CHILDCARE',
  MEDIC = 'MEDIC',
  LEGAL_OBSERVER = 'LEGAL_OBSERVER',
}
registerEnumType(Skill, { name: 'Skill' });

export enum VolunteerStatus {
  ACTIVE = 'ACTIVE',
  PAUSED = 'PAUSED',
  INACTIVE = 'INACTIVE',
}
registerEnumType(VolunteerStatus, { name: 'VolunteerStatus' });

export enum SmsStatus {
  SUBSCRIBED = 'SUBSCRIBED',
  OPTED_OUT = 'OPTED_OUT',
}
registerEnumType(SmsStatus, { name: 'SmsStatus' });

@ObjectType({ description: 'A weekly window when the volunteer is usually free, in the network time zone' })
export class AvailabilityWindow {
  @Field(() => Int, { description: 'ISO weekday, 1 = Monday … 7 = Sunday' })
  weekday!: number;

  @Field({ description: 'HH:mm' })
  start!: string;

  @Field({ description: 'HH:mm' })
  end!: string;
}

@ObjectType()
@Entity('volunteers')
@Index('IDX_volunteers_created', ['createdAt', 'id'])
@Index('IDX_volunteers_skills', ['skills'], { type: 'gin' })
@Index('IDX_volunteers_languages', ['languages'], { type: 'gin' })
// Trigram GIN indexes for search, over immutable_unaccent(name) and phone: an expression and an operator class
// TypeORM cannot model, so they live in their migration (VolunteerNameSearch) and TypeORM leaves them alone.
@Index('IDX_volunteers_name_search', { synchronize: false })
@Index('IDX_volunteers_phone_search', { synchronize: false })
export class Volunteer {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field()
  @Column()
  name!: string;

  /** E.164. The resolver hides it from roles that may not read phone numbers. */
  @Field(() => String, {
    nullable: true,
    description: 'E.164; null for roles that may not read phone numbers',
  })
  @Column({ unique: true })
  phone!: string;

  @Field({ description: 'Language the volunteer is texted in, e.g. en or es' })
  @Column()
  preferredLanguage!: string;

  @Field(() => [String])
  @Column('text', { array: true, default: () => "'{}'" })
  languages!: string[];

  @Field(() => [Skill])
  @Column('text', { array: true, default: () => "'{}'" })
  skills!: Skill[];

  @Field(() => [AvailabilityWindow])
  @Column('jsonb', { default: () => "'[]'" })
  availability!: AvailabilityWindow[];

  @Field(() => VolunteerStatus)
  @Column({
    type: 'enum',
    enum: VolunteerStatus,
    enumName: 'volunteer_status',
    default: VolunteerStatus.ACTIVE,
  })
  status!: VolunteerStatus;

  @Field(() => SmsStatus)
  @Column({ type: 'enum', enum: SmsStatus, enumName: 'sms_status', default: SmsStatus.SUBSCRIBED })
  smsStatus!: SmsStatus;

  @Field(() => GraphQLISODateTime, { description: 'When smsStatus last changed' })
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  smsStatusChangedAt!: Date;

  /** Loaded with the row where needed; the GraphQL field is resolved in batches (zonesLoader) when it is not. */
  @ManyToMany(() => Zone)
  @JoinTable({ name: 'volunteer_zones' })
  zones!: Zone[];

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
