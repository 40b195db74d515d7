import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Zone } from '../zones/zone.entity.js';

export enum StaffRole {
  ADMIN = 'ADMIN',
  COORDINATOR = 'COORDINATOR',
  TRAINER = 'TRAINER',
}
registerEnumType(StaffRole, { name: 'StaffRole' });

@ObjectType('StaffUser')
@Entity('staff_users')
export class StaffUser {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field()
  @Column({ unique: true })
  email!: string;

  @Column({ select: false })
  passwordHash!: string;

  @Field(() => StaffRole)
  @Column({ type: 'enum', enum: StaffRole, enumName: 'staff_role' })
  role!: StaffRole;

  @Field(() => [Zone], { description: 'Zones this user is limited to; empty means every zone' })
  @ManyToMany(() => Zone)
  @JoinTable({ name: 'staff_user_zones' })
  zones!: Zone[];

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
