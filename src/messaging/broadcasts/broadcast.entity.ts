import { registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MessagePriority } from '../outbound/message-priority.js';

export enum BroadcastStatus {
  /** Recipients are being turned into queued messages. */
  FANNING_OUT = 'FANNING_OUT',
  SENDING = 'SENDING',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(BroadcastStatus, { name: 'BroadcastStatus' });

/**
 * A text to a segment of volunteers. Its counts are derived from its messages, never stored twice; the GraphQL
 * type `Broadcast` (BroadcastView) adds them.
 */
@Entity('broadcasts')
export class Broadcast {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({
    type: 'enum',
    enum: BroadcastStatus,
    enumName: 'broadcast_status',
    default: BroadcastStatus.FANNING_OUT,
  })
  status!: BroadcastStatus;

  /** Used for languages without a variant of their own. */
  @Column('text')
  body!: string;

  /** Language code → body. */
  @Column('jsonb', { default: () => "'{}'" })
  bodyByLanguage!: Record<string, string>;

  @Column('uuid', { array: true, default: () => "'{}'" })
  zoneIds!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  skills!: string[];

  /** Volunteers having at least one of these skills (where `skills` asks for all of its own). */
  @Column('text', { array: true, default: () => "'{}'" })
  anySkills!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  languages!: string[];

  @Column({ default: false })
  urgent!: boolean;

  /**
   * A named audience a feature registered (broadcast-audiences.ts), narrowing the segment to the volunteers its
   * SQL returns for `audienceParams`; null for a coordinator's broadcast to a segment.
   */
  @Column({ type: 'varchar', length: 60, nullable: true })
  audience!: string | null;

  @Column('jsonb', { nullable: true })
  audienceParams!: Record<string, string> | null;

  /** The send priority of its texts: BULK, except an alert's dispatch (URGENT). */
  @Column({
    type: 'enum',
    enum: MessagePriority,
    enumName: 'message_priority',
    default: MessagePriority.BULK,
  })
  priority!: MessagePriority;

  /** Fan-out progress: the last volunteer id turned into a message (volunteers are walked in id order). */
  @Column('uuid', { nullable: true })
  fanoutCursor!: string | null;

  @Column('uuid', { nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;
}
