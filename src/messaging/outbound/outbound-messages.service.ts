import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { errorName } from '../../observability/safe-error.js';
import { logUnlessOutage } from '../../redis/redis-availability.js';
import { FieldCipher } from '../../protected-data/field-cipher.js';
import {
  Message,
  MessageDirection,
  MessageStatus,
  PROTECTED_BODY_MARKER,
  type MessageWithBody,
} from '../message.entity.js';
import { nextSendableTime } from '../text/quiet-hours.js';
import { countSegments, toGsmFriendly } from '../text/sms-text.js';
import { defaultPriority, jobPriorityOf, type MessagePriority } from './message-priority.js';
import {
  SEND_SMS_JOB,
  SMS_BACKOFF,
  SMS_OUTBOUND_QUEUE,
  SMS_SEND_ATTEMPTS,
  type SendSmsJobData,
} from './outbound.queue.js';

export interface OutboundText {
  volunteerId: string | null;
  phone: string;
  body: string;
  templateKey?: string | null;
  language?: string | null;
  urgent?: boolean;
  /** Default: see defaultPriority. */
  priority?: MessagePriority;
  broadcastId?: string | null;
  inReplyToId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /**
   * The body carries protected data (a delivery's address): it is stored only encrypted, decrypted by the sender
   * alone, and wiped once the text is final; the row's `body` shows PROTECTED_BODY_MARKER.
   */
  protectedBody?: boolean;
}

/** What a job is made from: the row's id, when it may go, and its priority. */
export type DispatchableMessage = Pick<Message, 'id' | 'notBefore' | 'priority'>;

/** Rows per INSERT (each column travels as one array parameter). */
const INSERT_CHUNK = 1000;
/** Jobs per `addBulk` call (one Redis round trip each). */
const DISPATCH_CHUNK = 1000;

/** The producer side of the outbound pipeline (transactional outbox + BullMQ job per message). */
@Injectable()
export class OutboundMessagesService {
  private readonly logger = new Logger(OutboundMessagesService.name);

  constructor(
    @InjectQueue(SMS_OUTBOUND_QUEUE) private readonly queue: Queue<SendSmsJobData>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * Writes QUEUED rows in the caller's transaction (body made GSM-friendly, segments counted, notBefore set from
   * quiet hours unless urgent). Bulk: one INSERT per 1,000 texts. Call dispatch() after the transaction commits.
   */
  async record(manager: EntityManager, texts: OutboundText[]): Promise<MessageWithBody[]> {
    const now = this.clock.now();
    const morning = nextSendableTime(now, this.config.quietHours, this.config.networkTimezone);
    const deferredUntil = morning.getTime() > now.getTime() ? morning : null;
    const messages = texts.map((text) => {
      const sent = toGsmFriendly(text.body);
      const body = text.protectedBody ? PROTECTED_BODY_MARKER : sent;
      const urgent = text.urgent ?? false;
      const message = manager.create(Message, {
        id: randomUUID(),
        direction: MessageDirection.OUTBOUND,
        status: MessageStatus.QUEUED,
        attempts: 0,
        needsAttention: false,
        volunteerId: text.volunteerId,
        phone: text.phone,
        segments: countSegments(sent).segments,
        bodyCiphertext: text.protectedBody ? this.cipher.encrypt(sent) : null,
        templateKey: text.templateKey ?? null,
        language: text.language ?? null,
        urgent,
        notBefore: urgent ? null : deferredUntil,
        priority: text.priority ?? defaultPriority(text),
        broadcastId: text.broadcastId ?? null,
        inReplyToId: text.inReplyToId ?? null,
        subjectType: text.subjectType ?? null,
        subjectId: text.subjectId ?? null,
      });
      // Given here rather than in create(), so the type says it: a text being sent has a body.
      return Object.assign(message, { body });
    });
    for (let start = 0; start < messages.length; start += INSERT_CHUNK) {
      const chunk = messages.slice(start, start + INSERT_CHUNK);
      const column = <K extends keyof Message>(key: K) => chunk.map((message) => message[key]);
      // One statement a chunk, its columns as arrays: a 20,000-recipient fan-out is 20 round trips, not 20,000.
      const stamps: { id: string; created_at: Date }[] = await manager.query(
        `INSERT INTO messages (id, direction, status, volunteer_id, phone, body, segments, template_key, language,
                               urgent, not_before, broadcast_id, in_reply_to_id, subject_type, subject_id,
                               body_ciphertext, priority)
         SELECT * FROM unnest($1::uuid[], $2::message_direction[], $3::message_status[], $4::uuid[], $5::text[],
                              $6::text[], $7::int[], $8::text[], $9::text[], $10::bool[], $11::timestamptz[],
                              $12::uuid[], $13::uuid[], $14::text[], $15::uuid[], $16::text[], $17::message_priority[])
         RETURNING id, created_at`,
        [
          column('id'),
          column('direction'),
          column('status'),
          column('volunteerId'),
          column('phone'),
          column('body'),
          column('segments'),
          column('templateKey'),
          column('language'),
          column('urgent'),
          column('notBefore'),
          column('broadcastId'),
          column('inReplyToId'),
          column('subjectType'),
          column('subjectId'),
          column('bodyCiphertext'),
          column('priority'),
        ],
      );
      const createdAt = new Map(stamps.map((stamp) => [stamp.id, stamp.created_at]));
      for (const message of chunk) {
        message.createdAt = createdAt.get(message.id) as Date;
        message.updatedAt = message.createdAt;
      }
    }
    return messages;
  }

  /**
   * One BullMQ job per message on the `sms-outbound` queue, jobId = message id, delayed until notBefore, with the
   * message's priority; addBulk.
   * Idempotent: BullMQ ignores an add whose job id exists, and the sender skips messages already sent or final.
   */
  async dispatch(messages: DispatchableMessage[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (let start = 0; start < messages.length; start += DISPATCH_CHUNK) {
      await this.queue.addBulk(
        messages.slice(start, start + DISPATCH_CHUNK).map((message) => ({
          name: SEND_SMS_JOB,
          data: { messageId: message.id },
          opts: {
            jobId: message.id,
            delay: message.notBefore ? Math.max(0, message.notBefore.getTime() - now) : 0,
            priority: jobPriorityOf(message.priority),
            attempts: SMS_SEND_ATTEMPTS,
            backoff: { type: SMS_BACKOFF, delay: this.config.smsRetryBaseMs },
          },
        })),
      );
    }
  }

  /**
   * dispatch() for texts already committed, which will go whatever happens here: if Redis cannot take the jobs
   * now, the worker's outbox reconciler enqueues them within its interval once Redis is back. (The API's queue
   * connection fails at once while Redis is away, so this does not hold the caller up.)
   */
  async dispatchOrLeaveToReconciler(messages: DispatchableMessage[]): Promise<void> {
    try {
      await this.dispatch(messages);
    } catch (error) {
      logUnlessOutage(
        this.logger,
        'warn',
        `Could not enqueue ${messages.length} texts now; the reconciler will: ${errorName(error)}`,
        error,
      );
    }
  }

  /** record + dispatch in a transaction of its own. */
  async send(texts: OutboundText[]): Promise<MessageWithBody[]> {
    const messages = await this.dataSource.transaction((manager) => this.record(manager, texts));
    await this.dispatchOrLeaveToReconciler(messages);
    return messages;
  }
}
