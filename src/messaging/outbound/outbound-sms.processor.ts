import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { SmsStatus, Volunteer } from '../../volunteers/volunteer.entity.js';
import { FieldCipher } from '../../protected-data/field-cipher.js';
import { Message, MessageDirection, MessageStatus, PROTECTED_BODY_MARKER } from '../message.entity.js';
import { nextSendableTime } from '../text/quiet-hours.js';
import { SmsSendError, SmsTransport } from '../transport/sms-transport.js';
import { AcceptedSends } from './accepted-sends.js';
import { OPT_OUT_CONFIRMATION, ReadyClaims } from './ready-claims.js';
import { UNSENT_STATUSES } from './message-status.js';
import {
  SEND_SETTLE_MS,
  sendConcurrency,
  SendInFlightError,
  SMS_OUTBOUND_QUEUE,
  sendRateLimit,
  smsBackoffStrategy,
  type SendSmsJobData,
} from './outbound.queue.js';

/** Twilio's "recipient unsubscribed" (they texted STOP to the sender). */
const UNSUBSCRIBED_CODE = '21610';

/** The reason stored on a text skipped because retention wiped its body before it could be sent. */
export const BODY_PURGED = 'BODY_PURGED';

export type SendOutcome = 'sent' | 'skipped' | 'already-handled';

/** A text this run claimed (SENDING, its attempt counted): what the transport needs, and whom it goes to. */
type ClaimedText = Pick<Message, 'id' | 'phone' | 'templateKey' | 'segments' | 'volunteerId'> & {
  body: string;
};

/** The code stored with a failed send: Twilio's, else what is known of the failure. */
function errorCodeOf(error: SmsSendError): string {
  if (error.code) return error.code;
  return error.httpStatus === null ? 'NO_RESPONSE' : `HTTP_${error.httpStatus}`;
}

/**
 * Sends one outbound `Message` per job. Delivery from BullMQ is at-least-once, so every step is guarded by the
 * row: a text that is gone, final or already has a provider SID is never sent (again), and the claim is one
 * conditional UPDATE so two workers holding the same job (a stalled lock) cannot both send it.
 *
 * The crash window — Twilio accepted the text, then we died before storing its SID — cannot be closed (Twilio's
 * create has no idempotency key), so it is narrowed and made visible:
 * - before the request the row is SENDING; a refusal Twilio answered puts it back to QUEUED, while an unanswered
 *   request (timeout, reset connection) or a crash leaves it SENDING without SID: "outcome unknown";
 * - such a row is not sent again within `SEND_SETTLE_MS` of its last change (its request may still be in flight,
 *   e.g. in a run whose lock was taken over), and the status callback URL carries the message id, so Twilio's
 *   first callback (seconds after accepting) attaches the SID to it, after which no retry sends it;
 * - only if no callback arrived by then is it sent again (by the job's retry, or the reconciler if the job is
 *   gone): a rare duplicate is preferred to a silently lost text.
 */
@Processor(SMS_OUTBOUND_QUEUE, { settings: { backoffStrategy: smsBackoffStrategy } })
export class OutboundSmsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboundSmsProcessor.name);

  constructor(
    @InjectQueue(SMS_OUTBOUND_QUEUE) private readonly queue: Queue<SendSmsJobData>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transport: SmsTransport,
    private readonly acceptedSends: AcceptedSends,
    private readonly readyClaims: ReadyClaims,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {
    super();
  }

  /** The sender throughput is a queue-wide setting in Redis, shared by every worker; the reconciler re-asserts it. */
  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = sendConcurrency(this.config.smsRatePerSecond);
    const { max, duration } = sendRateLimit(this.config.smsRatePerSecond);
    await this.queue.setGlobalRateLimit(max, duration);
  }

  async process(job: Job<SendSmsJobData>, token?: string): Promise<SendOutcome> {
    const claimed = (await this.claimReady(job.data.messageId)) ?? (await this.checkThenClaim(job, token));
    if (typeof claimed === 'string') return claimed;

    let providerSid: string;
    try {
      ({ providerSid } = await this.transport.send({
        to: claimed.phone,
        body: claimed.body,
        templateKey: claimed.templateKey,
        segments: claimed.segments,
        statusCallbackUrl: `${this.config.publicBaseUrl}/webhooks/twilio/status?messageId=${claimed.id}`,
      }));
    } catch (error) {
      if (error instanceof SmsSendError) return this.handleRefusal(job, claimed, error);
      throw error;
    }
    await this.acceptedSends.record(claimed.id, providerSid, this.clock.now());
    return 'sent';
  }

  /** The common case, one batched statement (ReadyClaims); null when the text is not plainly ready to go. */
  private async claimReady(messageId: string): Promise<ClaimedText | null> {
    const row = await this.readyClaims.claim(messageId);
    if (!row) return null;
    const { bodyCiphertext, ...text } = row;
    // The claim's WHERE holds a protected text's ciphertext, so only a broken invariant leaves nothing to send.
    const body = this.bodyToSend({ body: row.body, bodyCiphertext });
    if (body === null) throw new Error(`Message ${row.id} was claimed without a body`);
    return { ...text, body };
  }

  /**
   * Every other case, one check at a time: a text gone, final or sent is left alone; one without body, opted out or
   * cancelled is SKIPPED; one not yet due waits in the delayed set; a SENDING one whose last request's outcome is
   * unknown is claimed again once that request cannot be in flight any more.
   */
  private async checkThenClaim(
    job: Job<SendSmsJobData>,
    token: string | undefined,
  ): Promise<ClaimedText | SendOutcome> {
    const message = await this.dataSource.getRepository(Message).findOne({
      where: { id: job.data.messageId },
      relations: { volunteer: true },
    });
    if (
      !message ||
      message.direction !== MessageDirection.OUTBOUND ||
      message.providerSid !== null ||
      !UNSENT_STATUSES.includes(message.status)
    ) {
      return 'already-handled';
    }
    // Retention wiped the body of a text that waited past MESSAGE_RETENTION_DAYS: nothing is left to send.
    const body = this.bodyToSend(message);
    if (body === null) {
      await this.finishUnsent(message.id, MessageStatus.SKIPPED, BODY_PURGED);
      return 'skipped';
    }
    if (
      message.volunteer?.smsStatus === SmsStatus.OPTED_OUT &&
      message.templateKey !== OPT_OUT_CONFIRMATION
    ) {
      await this.finishUnsent(message.id, MessageStatus.SKIPPED, 'OPTED_OUT');
      return 'skipped';
    }
    // Cancelling a broadcast skips its queued texts at once; this catches those on their way back from a retry.
    if (message.broadcastId && (await this.broadcastCancelled(message.broadcastId))) {
      await this.finishUnsent(message.id, MessageStatus.SKIPPED, 'CANCELLED');
      return 'skipped';
    }
    await this.deferIfTooEarly(job, token, message);
    if (!(await this.claim(message))) return this.afterLostClaim(message.id);
    return { ...message, body };
  }

  /** The text in clear: a protected body is decrypted here, at send time, and nowhere else. */
  private bodyToSend(message: Pick<Message, 'body' | 'bodyCiphertext'>): string | null {
    if (message.body !== PROTECTED_BODY_MARKER) return message.body;
    return message.bodyCiphertext === null ? null : this.cipher.decrypt(message.bodyCiphertext);
  }

  /** Quiet hours (unless urgent) and `notBefore`: the job waits in BullMQ's delayed set, the row stays QUEUED. */
  private async deferIfTooEarly(job: Job, token: string | undefined, message: Message): Promise<void> {
    const now = this.clock.now();
    const sendable = message.urgent
      ? now
      : nextSendableTime(now, this.config.quietHours, this.config.networkTimezone);
    const earliest = Math.max(sendable.getTime(), message.notBefore?.getTime() ?? 0);
    if (earliest <= now.getTime()) return;
    await this.dataSource
      .createQueryBuilder()
      .update(Message)
      .set({ notBefore: new Date(earliest) })
      .where('id = :id', { id: message.id })
      .execute();
    // BullMQ delays run on real time; the injected clock may not (tests), so only the distance carries over.
    await job.moveToDelayed(Date.now() + (earliest - now.getTime()), token);
    throw new DelayedError();
  }

  /**
   * SENDING and one more attempt, only if nobody changed the row since it was read, and — for a SENDING row, whose
   * last request's outcome is unknown — only once that request cannot be in flight any more.
   */
  private async claim(message: Message): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Message)
      .set({ status: MessageStatus.SENDING, attempts: () => 'attempts + 1' })
      // A body wiped since the row was read is not sent: the job's retry or the reconciler's next dispatch skips it.
      .where('id = :id AND attempts = :attempts AND provider_sid IS NULL AND body IS NOT NULL', {
        id: message.id,
        attempts: message.attempts,
      })
      .andWhere('(status = :queued OR (status = :sending AND updated_at < :settledBefore))', {
        queued: MessageStatus.QUEUED,
        sending: MessageStatus.SENDING,
        settledBefore: new Date(this.clock.now().getTime() - SEND_SETTLE_MS),
      })
      .execute();
    return result.affected === 1;
  }

  /** Whoever changed the row first handles the text; if it may be sending it right now, this run retries later. */
  private async afterLostClaim(messageId: string): Promise<SendOutcome> {
    const current = await this.dataSource.getRepository(Message).findOneBy({ id: messageId });
    if (current?.status === MessageStatus.SENDING && current.providerSid === null) {
      throw new SendInFlightError(messageId);
    }
    return 'already-handled';
  }

  private async handleRefusal(job: Job, message: ClaimedText, error: SmsSendError): Promise<never> {
    const errorCode = errorCodeOf(error);
    if (error.kind === 'rate_limited') {
      await this.requeue(message.id, errorCode);
      // Pauses every worker on this queue; the job goes back to waiting without using up an attempt.
      await this.queue.rateLimit(this.config.smsRetryBaseMs);
      throw Worker.RateLimitError();
    }
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (error.kind === 'permanent' || lastAttempt) {
      await this.dataSource.transaction(async (manager) => {
        await this.finishUnsent(message.id, MessageStatus.FAILED, errorCode, manager);
        if (errorCode === UNSUBSCRIBED_CODE && message.volunteerId) {
          await manager
            .createQueryBuilder()
            .update(Volunteer)
            .set({ smsStatus: SmsStatus.OPTED_OUT, smsStatusChangedAt: this.clock.now() })
            .where('id = :id AND sms_status <> :optedOut', {
              id: message.volunteerId,
              optedOut: SmsStatus.OPTED_OUT,
            })
            .execute();
        }
      });
      throw new UnrecoverableError(error.message);
    }
    // Twilio answered, so nothing was sent: QUEUED again. No answer: the outcome is unknown, it stays SENDING.
    if (error.httpStatus !== null) await this.requeue(message.id, errorCode);
    else await this.noteError(message.id, errorCode);
    throw error;
  }

  private async broadcastCancelled(broadcastId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM broadcasts WHERE id = $1 AND status = 'CANCELLED'`,
      [broadcastId],
    );
    return rows.length > 0;
  }

  private async requeue(messageId: string, errorCode: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(Message)
      .set({ status: MessageStatus.QUEUED, errorCode })
      .where('id = :id AND status = :sending AND provider_sid IS NULL', {
        id: messageId,
        sending: MessageStatus.SENDING,
      })
      .execute();
  }

  private async noteError(messageId: string, errorCode: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(Message)
      .set({ errorCode })
      .where('id = :id AND provider_sid IS NULL', { id: messageId })
      .execute();
  }

  private async finishUnsent(
    messageId: string,
    status: MessageStatus.SKIPPED | MessageStatus.FAILED,
    errorCode: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Message)
      // A final text needs no protected body any more.
      .set({ status, errorCode, bodyCiphertext: null })
      .where('id = :id AND provider_sid IS NULL AND status IN (:...unsent)', {
        id: messageId,
        unsent: UNSENT_STATUSES,
      })
      .execute();
  }
}
