import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { wipeTextsAbout } from '../messaging/texts-about.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { DELIVERY_REQUEST_SUBJECT } from './deliveries.service.js';

/** How often the worker wipes what has passed PII_RETENTION_DAYS; a run with nothing to wipe is one index probe. */
export const PII_RETENTION_INTERVAL_MS = 10 * 60_000;
/** Requests per transaction, so a backlog never holds many rows (or the texts about them) locked for long. */
export const PII_RETENTION_BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * The address, family phone and notes of a request delivered or cancelled more than PII_RETENTION_DAYS ago are
 * wiped, with the texts about it (the address text among them); `pii_purged_at` says when. Status, zone, household
 * size, codes and the history's timings stay for reporting.
 *
 * Scheduled as message-body retention is: a PeriodicTask timer (one run per interval across workers), which a
 * Redis flush cannot lose. Idempotent (only requests not yet wiped are touched); SKIP LOCKED passes over a request
 * another transaction holds, and the next run wipes it.
 */
@Injectable()
export class DeliveryPiiRetention extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super(
      DeliveryPiiRetention.name,
      PII_RETENTION_INTERVAL_MS,
      redis,
      redisKey(config, 'delivery-pii-retention', 'lock'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.purgeOnce();
  }

  /** Wipes every request closed before the retention window, oldest first, in batches; returns how many. */
  async purgeOnce(): Promise<number> {
    const now = this.clock.now();
    const closedBefore = new Date(now.getTime() - this.config.piiRetentionDays * DAY_MS);
    let purged = 0;
    for (;;) {
      const ids = await this.dataSource.transaction(async (manager) => {
        // The partial index IDX_delivery_requests_pii_kept holds only closed requests not yet wiped.
        const [rows]: [{ id: string }[], number] = await manager.query(
          `WITH batch AS (
             SELECT id FROM delivery_requests
              WHERE closed_at < $1 AND pii_purged_at IS NULL
              ORDER BY closed_at
              LIMIT $2
              FOR UPDATE SKIP LOCKED
           )
           UPDATE delivery_requests r
              SET address_ciphertext = NULL, contact_phone_ciphertext = NULL, notes_ciphertext = NULL,
                  pii_purged_at = $3
             FROM batch WHERE r.id = batch.id
           RETURNING r.id`,
          [closedBefore, PII_RETENTION_BATCH, now],
        );
        const wiped = rows.map((row) => row.id);
        await wipeTextsAbout(manager, DELIVERY_REQUEST_SUBJECT, wiped, now);
        return wiped;
      });
      purged += ids.length;
      if (ids.length < PII_RETENTION_BATCH) break;
    }
    if (purged > 0) this.logger.log(`Wiped the protected fields of ${purged} closed delivery requests`);
    return purged;
  }
}
