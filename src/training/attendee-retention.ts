import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';

/** How often the worker wipes attendees' personal data past retention. */
export const ATTENDEE_RETENTION_INTERVAL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

/**
 * An attendee's name and phone are kept until PII_RETENTION_DAYS after their session ends (whatever became of
 * it), then wiped: both become null and `personal_data_purged_at` says when; the registration, its language and
 * attendance stay for reporting. Idempotent, one UPDATE per run, one run per interval across workers.
 */
@Injectable()
export class AttendeeRetention extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super(
      AttendeeRetention.name,
      ATTENDEE_RETENTION_INTERVAL_MS,
      redis,
      redisKey(config, 'attendee-retention', 'lock'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.purgeOnce();
  }

  /** Wipes the personal data of attendees of sessions that ended before the retention window; returns how many. */
  async purgeOnce(): Promise<number> {
    const now = this.clock.now();
    const endedBefore = new Date(now.getTime() - this.config.piiRetentionDays * DAY_MS);
    const [, purged]: [unknown, number] = await this.dataSource.query(
      `UPDATE attendees a SET name = NULL, phone_ciphertext = NULL, personal_data_purged_at = $2, updated_at = now()
         FROM training_events e
        WHERE e.id = a.event_id AND e.ends_at < $1
          AND (a.name IS NOT NULL OR a.phone_ciphertext IS NOT NULL)`,
      [endedBefore, now],
    );
    if (purged > 0) this.logger.log(`Wiped the personal data of ${purged} attendees past retention`);
    return purged;
  }
}
