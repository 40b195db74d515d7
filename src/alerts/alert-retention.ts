import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';

export const ALERT_RETENTION_INTERVAL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

/**
 * What an alert says about places and people is wiped PII_RETENTION_DAYS after it closed: location, SALUTE
 * details, the closing note, responders' notes and which volunteer reported it (and the volunteer ids in its
 * history). Kind, zone, times and counts stay for reporting. Idempotent: only alerts not yet wiped are touched.
 */
@Injectable()
export class AlertRetention extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super(
      AlertRetention.name,
      ALERT_RETENTION_INTERVAL_MS,
      redis,
      redisKey(config, 'alert-retention', 'lock'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.purgeOnce();
  }

  /** Wipes every alert closed before the retention window; returns how many. */
  async purgeOnce(): Promise<number> {
    const now = this.clock.now();
    const closedBefore = new Date(now.getTime() - this.config.piiRetentionDays * DAY_MS);
    const purged = await this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager
        .query(
          `UPDATE alerts SET location = NULL, details = NULL, close_note = NULL, reported_by_volunteer_id = NULL,
                           details_purged_at = $2, updated_at = now()
          WHERE details_purged_at IS NULL AND closed_at IS NOT NULL AND closed_at < $1
          RETURNING id`,
          [closedBefore, now],
        )
        .then(([updated]: [{ id: string }[], number]) => updated);
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await manager.query(`UPDATE alert_responders SET note = NULL WHERE alert_id = ANY($1::uuid[])`, [ids]);
      await manager.query(
        `UPDATE alert_transitions SET actor_id = NULL
          WHERE alert_id = ANY($1::uuid[]) AND actor_kind = 'VOLUNTEER'`,
        [ids],
      );
      return rows.length;
    });
    if (purged > 0) this.logger.log(`Wiped the details of ${purged} closed alerts`);
    return purged;
  }
}
