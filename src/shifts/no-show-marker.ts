import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';

/** How often the worker looks for ended shifts whose confirmed volunteers were never checked in. */
export const NO_SHOW_INTERVAL_MS = 5 * 60_000;
/** Coordinators may still check people in this long after a shift ends, before they count as no-shows. */
export const NO_SHOW_GRACE_MS = 60 * 60_000;

/**
 * Marks NO_SHOW every CONFIRMED signup (never checked in) of a shift that ended more than NO_SHOW_GRACE_MS ago,
 * and takes them off the shift's seat count (a no-show holds no seat), each shift under its row's lock, as every
 * signup change is. Idempotent: a marked signup is no longer CONFIRMED. One run per interval across workers.
 */
@Injectable()
export class NoShowMarker extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    super(NoShowMarker.name, NO_SHOW_INTERVAL_MS, redis, redisKey(config, 'shifts', 'no-show-lock'));
  }

  protected runOnce(): Promise<number> {
    return this.markOnce();
  }

  /** Returns how many signups it marked. */
  async markOnce(): Promise<number> {
    const endedBefore = new Date(this.clock.now().getTime() - NO_SHOW_GRACE_MS);
    const rows: { marked: number }[] = await this.dataSource.query(
      `WITH ended AS (
         SELECT s.id FROM shifts s
          WHERE s.ends_at <= $1 AND EXISTS (SELECT 1 FROM signups g WHERE g.shift_id = s.id AND g.status = 'CONFIRMED')
          ORDER BY s.id
          FOR UPDATE OF s
       ), marked AS (
         UPDATE signups g SET status = 'NO_SHOW', updated_at = now()
           FROM ended WHERE g.shift_id = ended.id AND g.status = 'CONFIRMED'
         RETURNING g.shift_id
       ), counted AS (
         SELECT shift_id, count(*)::int AS n FROM marked GROUP BY shift_id
       ), recounted AS (
         UPDATE shifts s SET confirmed_count = s.confirmed_count - counted.n, updated_at = now()
           FROM counted WHERE s.id = counted.shift_id
         RETURNING counted.n
       )
       SELECT COALESCE(sum(n), 0)::int AS marked FROM recounted`,
      [endedBefore],
    );
    const marked = rows[0].marked;
    if (marked > 0) this.logger.log(`Marked ${marked} signups of ended shifts NO_SHOW`);
    return marked;
  }
}
