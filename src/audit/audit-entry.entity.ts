import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from '../auth/staff-user.entity.js';

export enum AuditAction {
  /** A protected field was decrypted and shown through the API. */
  READ = 'READ',
  /** An admin created a staff account (`field`: the fields set). */
  CREATE = 'CREATE',
  /** An admin changed a staff account (`field`: the fields changed, comma-separated). */
  UPDATE = 'UPDATE',
  DEACTIVATE = 'DEACTIVATE',
  RESET_PASSWORD = 'RESET_PASSWORD',
  /** A protected field was texted again to the volunteer it was assigned to (resendDeliveryDetails). */
  RESENT = 'RESENT',
}
registerEnumType(AuditAction, { name: 'AuditAction' });

/**
 * Who read (or, later, re-sent) which protected field of what, and when, written for every disclosure; and which
 * admin changed which staff account how.
 */
@ObjectType()
@Entity('audit_entries')
@Index('IDX_audit_entries_at', ['at', 'id'])
@Index('IDX_audit_entries_actor_at', ['actorId', 'at'])
@Index('IDX_audit_entries_subject_at', ['subjectId', 'at'])
export class AuditEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => ID)
  @Column('uuid')
  actorId!: string;

  @Field(() => StaffUser)
  @ManyToOne(() => StaffUser)
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'audit_entries_actor_id_fkey' })
  actor?: StaffUser;

  @Field(() => AuditAction)
  @Column({ type: 'varchar' })
  action!: AuditAction;

  @Field({ description: 'What kind of record, e.g. delivery_request' })
  @Column()
  subjectType!: string;

  @Field(() => ID)
  @Column('uuid')
  subjectId!: string;

  @Field({
    description: 'The protected field read (e.g. address), or the fields changed (e.g. role,zoneIds)',
  })
  @Column()
  field!: string;

  @Field(() => GraphQLISODateTime)
  @Column({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
