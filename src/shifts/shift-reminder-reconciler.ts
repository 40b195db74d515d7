import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { ShiftReminders } from './shift-reminders.js';

/** How often the worker checks the reminder jobs of the shifts coming up. */
export const REMINDER_RECONCILE_INTERVAL_MS = 5 * 60_000;
/** A day-before reminder comes 25 real hours ahead when the clocks go back overnight. */
const DST_HOUR_MS = 3600_000;
/** Signups per sync call. */
const BATCH = 500;

/**
 * The reminders' safety net: the jobs of every confirmed signup of a shift starting within the earliest reminder
 * (plus an hour for a clock change and two intervals) are brought in line with the rows, so a job that Redis lost, or that an API process could
 * not add after its commit, is back before it is due. Jobs that are right are left alone.
 */
@Injectable()
export class ShiftReminderReconciler extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reminders: ShiftReminders,
    private readonly clock: Clock,
  ) {
    super(
      ShiftReminderReconciler.name,
      REMINDER_RECONCILE_INTERVAL_MS,
      redis,
      redisKey(config, 'shifts', 'reminder-reconciler-lock'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.reconcileOnce();
  }

  /** Returns how many signups it checked. */
  async reconcileOnce(): Promise<number> {
    const earliest = this.config.shiftReminders[0];
    if (!earliest) return 0;
    const now = this.clock.now();
    const horizon = new Date(
      now.getTime() + earliest.minutes * 60_000 + DST_HOUR_MS + 2 * REMINDER_RECONCILE_INTERVAL_MS,
    );
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT g.id FROM shifts s JOIN signups g ON g.shift_id = s.id AND g.status = 'CONFIRMED'
        WHERE s.starts_at > $1 AND s.starts_at <= $2`,
      [now, horizon],
    );
    for (let start = 0; start < rows.length; start += BATCH) {
      await this.reminders.sync(
        this.dataSource.manager,
        rows.slice(start, start + BATCH).map((row) => row.id),
      );
    }
    return rows.length;
  }
}
