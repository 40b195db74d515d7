import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PeriodicTask } from '../common/periodic-task.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { REDIS, redisKey } from '../redis/redis.module.js';
import { AttendeeReminders } from './attendee-reminders.js';
import { TrainingEventStatus } from './training-event.entity.js';

/** How often the worker checks the attendee reminder jobs of the sessions coming up. */
export const ATTENDEE_REMINDER_RECONCILE_INTERVAL_MS = 5 * 60_000;
/** The day before plus an hour for a clock change overnight and two intervals. */
const HORIZON_MS = 25 * 3600_000 + 2 * ATTENDEE_REMINDER_RECONCILE_INTERVAL_MS;

/**
 * The attendee reminders' safety net: the job of every PUBLISHED session starting within the horizon is brought
 * in line with its row, so a job that Redis lost, or that an API process could not add after its commit, is back
 * before it is due. Jobs that are right are left alone.
 */
@Injectable()
export class AttendeeReminderReconciler extends PeriodicTask {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reminders: AttendeeReminders,
    private readonly clock: Clock,
  ) {
    super(
      AttendeeReminderReconciler.name,
      ATTENDEE_REMINDER_RECONCILE_INTERVAL_MS,
      redis,
      redisKey(config, 'training', 'attendee-reminder-reconciler-lock'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.reconcileOnce();
  }

  /** Returns how many events it checked. */
  async reconcileOnce(): Promise<number> {
    const now = this.clock.now();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM training_events WHERE status = $1 AND starts_at > $2 AND starts_at <= $3`,
      [TrainingEventStatus.PUBLISHED, now, new Date(now.getTime() + HORIZON_MS)],
    );
    await this.reminders.sync(
      this.dataSource.manager,
      rows.map((row) => row.id),
    );
    return rows.length;
  }
}
