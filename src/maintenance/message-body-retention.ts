import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';

/**
 * How often the worker wipes the bodies that have passed MESSAGE_RETENTION_DAYS. Short enough that a worker
 * restarted now and then still gets to run it; a run with nothing to wipe is one empty index scan.
 */
export const MESSAGE_RETENTION_INTERVAL_MS = 10 * 60_000;
/** Rows per UPDATE: each batch is its own short statement, so a backlog of a million never holds the table long. */
export const MESSAGE_RETENTION_BATCH = 5000;
const DAY_MS = 86_400_000;

/**
 * Message bodies — volunteers' replies, strangers' texts, what staff wrote — are kept MESSAGE_RETENTION_DAYS,
 * then wiped, whatever the message's state: `body` becomes null and `body_purged_at` says when; direction,
 * status, counts and timings stay for reporting. (An unsent text whose body is gone is skipped by the sender.)
 *
 * Idempotent (only rows that still have a body are touched) and safe with several workers: the PeriodicTask lock
 * gives one run per interval, and SKIP LOCKED lets a run pass over a row another transaction holds (e.g. the
 * sender's claim) — the next run wipes it.
 */
@Injectable()
export class MessageBodyRetention extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super(
      MessageBodyRetention.name,
      MESSAGE_RETENTION_INTERVAL_MS,
      redis,
      redisKey(config, 'message-retention', 'lock'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.purgeOnce();
  }

  /** Wipes every body written before the retention window, oldest first, in batches; returns how many. */
  async purgeOnce(): Promise<number> {
    const now = this.clock.now();
    const writtenBefore = new Date(now.getTime() - this.config.messageRetentionDays * DAY_MS);
    let purged = 0;
    for (;;) {
      // The partial index IDX_messages_body_kept holds only rows with a body, oldest first: each batch is a
      // short index range, and wiped rows leave the index.
      const [, affected]: [unknown, number] = await this.dataSource.query(
        `WITH batch AS (
           SELECT id FROM messages
            WHERE body IS NOT NULL AND created_at < $1
            ORDER BY created_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
         )
         UPDATE messages m SET body = NULL, body_ciphertext = NULL, body_purged_at = $3 FROM batch WHERE m.id = batch.id`,
        [writtenBefore, MESSAGE_RETENTION_BATCH, now],
      );
      purged += affected;
      if (affected < MESSAGE_RETENTION_BATCH) break;
    }
    if (purged > 0) this.logger.log(`Wiped the bodies of ${purged} messages older than the retention window`);
    return purged;
  }
}
