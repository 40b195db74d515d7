import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { AlertLifecycle, SYSTEM_ACTOR } from './alert-lifecycle.js';
import { AlertStatus } from './alert.entity.js';

/** How often the worker looks for open alerts past `expiresAt` (ALERT_TTL_HOURS after they were reported). */
export const ALERT_EXPIRY_INTERVAL_MS = 60_000;
const BATCH = 50;

/**
 * Expires open alerts past `expiresAt`, standing everyone down as resolveAlert does. A timer in the worker, not a
 * BullMQ repeatable job, so a Redis flush cannot lose it; each alert expires in its own transaction under its row
 * lock (SKIP LOCKED passes over one being changed right now: the next run gets it), so it closes once.
 */
@Injectable()
export class AlertExpiry extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly lifecycle: AlertLifecycle,
    private readonly clock: Clock,
  ) {
    super(AlertExpiry.name, ALERT_EXPIRY_INTERVAL_MS, redis, redisKey(config, 'alert-expiry', 'lock'));
  }

  protected runOnce(): Promise<number> {
    return this.expireOnce();
  }

  /** Expires every open alert past its time; returns how many. */
  async expireOnce(): Promise<number> {
    let expired = 0;
    for (;;) {
      const now = this.clock.now();
      const aftermaths = await this.dataSource.transaction(async (manager) => {
        const due: { id: string }[] = await manager.query(
          `SELECT id FROM alerts WHERE status IN ('REPORTED', 'VERIFYING', 'CONFIRMED') AND expires_at <= $1
            ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, BATCH],
        );
        const done = [];
        for (const { id } of due) {
          const alert = await this.lifecycle.lock(manager, { id });
          if (alert) {
            done.push(
              await this.lifecycle.close(manager, alert, AlertStatus.EXPIRED, SYSTEM_ACTOR, now, null),
            );
          }
        }
        return done;
      });
      for (const aftermath of aftermaths) await this.lifecycle.afterCommit(aftermath);
      expired += aftermaths.length;
      if (aftermaths.length < BATCH) break;
    }
    if (expired > 0) this.logger.log(`Expired ${expired} alerts`);
    return expired;
  }
}
