import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { REDIS, redisKey } from '../../redis/redis.module.js';
import { Message, MessageDirection, MessageStatus } from '../message.entity.js';
import { OutboundMessagesService, type DispatchableMessage } from './outbound-messages.service.js';
import { SMS_OUTBOUND_QUEUE, sendRateLimit, type SendSmsJobData } from './outbound.queue.js';

/** A QUEUED text this old should have a job: its producer committed and dispatches right after. */
const QUEUED_GRACE_MS = 10_000;
/**
 * A SENDING text without SID this long after its last change, with no job, was interrupted mid-send (a crash, or
 * Redis lost the job). The minute leaves Twilio's first status callback time to attach the SID if it was sent.
 */
const SENDING_STUCK_MS = 60_000;
/** Rows read, and jobs looked up in Redis, per round trip. */
const BATCH_SIZE = 500;

export interface ReconcileResult {
  /** QUEUED texts that had no live job and were dispatched again. */
  requeued: number;
  /** SENDING texts without SID, interrupted mid-send, dispatched again. */
  resumed: number;
}

type Candidate = DispatchableMessage & { sortValue: Date };

/**
 * The outbox's safety net, in the worker: outbound texts whose job is missing — the producer died between its
 * commit and `dispatch()`, or Redis lost its data — are dispatched again, by one worker per interval.
 */
@Injectable()
export class OutboxReconciler extends PeriodicTask {
  constructor(
    @InjectQueue(SMS_OUTBOUND_QUEUE) private readonly queue: Queue<SendSmsJobData>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbound: OutboundMessagesService,
    private readonly clock: Clock,
  ) {
    super(
      OutboxReconciler.name,
      config.outboxReconcileIntervalMs,
      redis,
      redisKey(config, 'outbox-reconciler', 'lock'),
    );
  }

  protected runOnce(): Promise<ReconcileResult> {
    return this.reconcileOnce();
  }

  /** One pass over every outbound text that should have a live job; what lacks one is dispatched again. */
  async reconcileOnce(): Promise<ReconcileResult> {
    // The sender throughput lives in Redis too; after a data loss it must be set again.
    const { max, duration } = sendRateLimit(this.config.smsRatePerSecond);
    await this.queue.setGlobalRateLimit(max, duration);
    const now = this.clock.now().getTime();
    const requeued = await this.redispatchOrphans(
      'created_at',
      `status = '${MessageStatus.QUEUED}'`,
      new Date(now - QUEUED_GRACE_MS),
    );
    const resumed = await this.redispatchOrphans(
      'updated_at',
      `status = '${MessageStatus.SENDING}' AND provider_sid IS NULL`,
      new Date(now - SENDING_STUCK_MS),
    );
    if (requeued + resumed > 0) {
      this.logger.warn(
        `Re-dispatched ${requeued} queued and ${resumed} interrupted texts that had no live job`,
      );
    }
    return { requeued, resumed };
  }

  /**
   * Walks the matching outbound rows older than `before` in keyset order over (`sortColumn`, id) — each partial
   * index keeps that cheap — and re-dispatches those whose job is missing or finished.
   */
  private async redispatchOrphans(sortColumn: string, condition: string, before: Date): Promise<number> {
    let dispatched = 0;
    let after: { sortValue: Date; id: string } | null = null;
    for (;;) {
      const query = this.dataSource
        .createQueryBuilder()
        .select([
          'm.id AS id',
          'm.not_before AS "notBefore"',
          'm.priority AS priority',
          `m.${sortColumn} AS "sortValue"`,
        ])
        .from(Message, 'm')
        .where(condition)
        .andWhere(`m.direction = '${MessageDirection.OUTBOUND}'`)
        .andWhere(`m.${sortColumn} < :before`, { before })
        .orderBy(`m.${sortColumn}`, 'ASC')
        .addOrderBy('m.id', 'ASC')
        .limit(BATCH_SIZE);
      if (after) {
        query.andWhere(`(m.${sortColumn}, m.id) > (:afterValue, :afterId)`, {
          afterValue: after.sortValue,
          afterId: after.id,
        });
      }
      const batch = await query.getRawMany<Candidate>();
      if (batch.length === 0) return dispatched;
      const orphans = await this.withoutLiveJob(batch);
      await this.outbound.dispatch(orphans);
      dispatched += orphans.length;
      const last = batch[batch.length - 1];
      after = { sortValue: last.sortValue, id: last.id };
    }
  }

  /**
   * A job that is waiting, delayed or active will handle its text. A finished one (completed or failed) would make
   * BullMQ ignore a new job with the same id, so it is removed first; one that is active again by now cannot be
   * removed, and needs nothing.
   */
  private async withoutLiveJob(batch: Candidate[]): Promise<Candidate[]> {
    const jobs = await Promise.all(batch.map((message) => this.queue.getJob(message.id)));
    const orphans: Candidate[] = [];
    await Promise.all(
      batch.map(async (message, index) => {
        const job = jobs[index];
        if (job && !job.finishedOn) return;
        if (job) {
          const removed = await job.remove().then(
            () => true,
            () => false,
          );
          if (!removed) return;
        }
        orphans.push(message);
      }),
    );
    return orphans;
  }
}
