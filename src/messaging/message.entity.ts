import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
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
import { StaffUser } from '../auth/staff-user.entity.js';
import { Volunteer } from '../volunteers/volunteer.entity.js';
import { Broadcast } from './broadcasts/broadcast.entity.js';
import { MessagePriority } from './outbound/message-priority.js';

export enum MessageDirection {
  INBOUND = 'INBOUND',
  OUTBOUND = 'OUTBOUND',
  /** An item the system leaves in the coordinators' inbox (an auto-dispatch that ran out of volunteers); never sent. */
  NOTE = 'NOTE',
}
registerEnumType(MessageDirection, { name: 'MessageDirection' });

export enum MessageStatus {
  QUEUED = 'QUEUED',
  SENDING = 'SENDING',
  SENT = 'SENT',
  DELIVERED = 'DELIVERED',
  UNDELIVERED = 'UNDELIVERED',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
  /** Inbound texts. */
  RECEIVED = 'RECEIVED',
}
registerEnumType(MessageStatus, { name: 'MessageStatus' });

/** Every SMS in or out. Outbound rows are the transactional outbox: written with the change that caused them. */
@ObjectType()
@Entity('messages')
@Index('IDX_messages_broadcast_status', ['broadcastId', 'status'])
@Index('IDX_messages_volunteer_created', ['volunteerId', 'createdAt'])
// Partial indexes keep the reconciler's, the sweeper's and the inbox's scans small however long the history grows.
@Index('IDX_messages_sending_unconfirmed', ['updatedAt'], {
  where: `"status" = 'SENDING' AND "provider_sid" IS NULL`,
})
@Index('IDX_messages_queued', ['createdAt'], { where: `"status" = 'QUEUED'` })
@Index('IDX_messages_body_kept', ['createdAt'], { where: `"body" IS NOT NULL` })
@Index('IDX_messages_body_ciphertext', ['id'], { where: `"body_ciphertext" IS NOT NULL` })
@Index('IDX_messages_unprocessed_inbound', ['createdAt'], {
  where: `"direction" = 'INBOUND' AND "processed_at" IS NULL`,
})
@Index('IDX_messages_subject', ['subjectId'], { where: `"subject_id" IS NOT NULL` })
@Index('IDX_messages_inbox', ['createdAt'], { where: `"needs_attention" AND "handled_at" IS NULL` })
@Index('IDX_messages_unknown_number_replies', ['phone', 'createdAt'], {
  where: `"template_key" = 'unknown_number'`,
})
/** A broadcast texts each volunteer at most once, however often its fan-out is retried. */
@Index('UQ_messages_broadcast_volunteer', ['broadcastId', 'volunteerId'], {
  unique: true,
  where: `"broadcast_id" IS NOT NULL`,
})
export class Message {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Field(() => MessageDirection)
  @Column({ type: 'enum', enum: MessageDirection, enumName: 'message_direction' })
  direction!: MessageDirection;

  @Column('uuid', { nullable: true })
  volunteerId!: string | null;

  @Field(() => Volunteer, { nullable: true })
  @ManyToOne(() => Volunteer, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'messages_volunteer_id_fkey' })
  volunteer?: Volunteer | null;

  /** E.164 of the other party (the volunteer's, or an unknown sender's); the resolver shows it to ADMIN and COORDINATOR. */
  @Column()
  phone!: string;

  /** Null once the retention job has wiped it (MESSAGE_RETENTION_DAYS after it was written). */
  @Field(() => String, { nullable: true, description: 'Null once wiped by retention: see bodyPurgedAt' })
  @Column('text', { nullable: true })
  body!: string | null;

  /**
   * A text carrying protected data (a delivery's address): FieldCipher output, decrypted only by the sender, and
   * wiped once the text is final; `body` then holds PROTECTED_BODY_MARKER, never the plaintext.
   */
  @Column('text', { nullable: true })
  bodyCiphertext!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When retention wiped the body' })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  bodyPurgedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', nullable: true })
  templateKey!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', nullable: true })
  language!: string | null;

  @Field(() => MessageStatus)
  @Column({ type: 'enum', enum: MessageStatus, enumName: 'message_status' })
  status!: MessageStatus;

  /** Twilio's SID: MessageSid of an inbound text, or the SID Twilio gave an outbound one. Unique. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', nullable: true, unique: true })
  providerSid!: string | null;

  @Field(() => String, { nullable: true, description: "Twilio's error code, or our reason for SKIPPED" })
  @Column({ type: 'varchar', nullable: true })
  errorCode!: string | null;

  @Field(() => Int)
  @Column('int', { default: 0 })
  attempts!: number;

  @Field(() => Int, { nullable: true })
  @Column('int', { nullable: true })
  segments!: number | null;

  @Field()
  @Column({ default: false })
  urgent!: boolean;

  @Field(() => MessagePriority)
  @Column({
    type: 'enum',
    enum: MessagePriority,
    enumName: 'message_priority',
    default: MessagePriority.NORMAL,
  })
  priority!: MessagePriority;

  /** Not to be sent before this time (quiet hours). */
  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  notBefore!: Date | null;

  @Field(() => ID, { nullable: true })
  @Column('uuid', { nullable: true })
  broadcastId!: string | null;

  @ManyToOne(() => Broadcast, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'broadcast_id', foreignKeyConstraintName: 'messages_broadcast_id_fkey' })
  broadcast?: Broadcast | null;

  /** The inbound text a reply answers. */
  @Field(() => ID, { nullable: true })
  @Column('uuid', { nullable: true })
  inReplyToId!: string | null;

  @ManyToOne(() => Message, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'in_reply_to_id', foreignKeyConstraintName: 'messages_in_reply_to_id_fkey' })
  inReplyTo?: Message | null;

  /** What the text is about, e.g. `delivery_request` / `shift` and its id. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', nullable: true })
  subjectType!: string | null;

  @Field(() => ID, { nullable: true })
  @Column('uuid', { nullable: true })
  subjectId!: string | null;

  /** Inbound: how many pictures (MMS media) were attached; they are never fetched or stored. */
  @Field(() => Int)
  @Column('int', { default: 0 })
  mediaCount!: number;

  /** Inbound: the command recognised, if any. */
  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', nullable: true })
  command!: string | null;

  /** Inbound: when the text's command (or fallback) ran; null means it still has to (crash-safe retry). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  processedAt!: Date | null;

  /** Inbound texts that need a coordinator: set when one marks it handled. */
  @Field()
  @Column({ default: false })
  needsAttention!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  handledAt!: Date | null;

  @Column('uuid', { nullable: true })
  handledById!: string | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'handled_by_id', foreignKeyConstraintName: 'messages_handled_by_id_fkey' })
  handledBy?: StaffUser | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt!: Date | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** What `body` shows for a text whose real body is stored only encrypted (`bodyCiphertext`). */
export const PROTECTED_BODY_MARKER = '[protected: delivery details, stored encrypted]';

/** A message whose body is still there: any text being received or sent (retention wipes only old ones). */
export type MessageWithBody = Message & { body: string };
