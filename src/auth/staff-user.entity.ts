import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
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

  @Field(() => String, {
    nullable: true,
    description: 'How colleagues know them; null for accounts made before names',
  })
  @Column('varchar', { nullable: true })
  name!: string | null;

  @Column({ select: false })
  passwordHash!: string;

  @Field(() => StaffRole)
  @Column({ type: 'enum', enum: StaffRole, enumName: 'staff_role' })
  role!: StaffRole;

  /** Loaded with the row where needed; the GraphQL field is resolved in batches (zonesLoader) when it is not. */
  @ManyToMany(() => Zone)
  @JoinTable({ name: 'staff_user_zones' })
  zones!: Zone[];

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When an admin deactivated the account: it cannot sign in, and its tokens stopped working then',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deactivatedAt!: Date | null;

  /** Signed into each token (`ver`); raising it (deactivation, password reset) voids every token issued before. */
  @Column('int', { default: 0 })
  tokenVersion!: number;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
