import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { keepDelayedJob } from '../queue/delayed-job.js';
import { reminderSendTime } from './shift-reminder-schedule.js';
import {
  SEND_SHIFT_REMINDER_JOB,
  SHIFT_REMINDERS_QUEUE,
  shiftReminderJobId,
  type ShiftReminderJobData,
} from './shift-reminders.queue.js';
import { SignupStatus } from './signup.entity.js';

/** A reminder run that fails (the database away) is tried again, a little later each time. */
const REMINDER_ATTEMPTS = 5;
const REMINDER_RETRY_MS = 10_000;

/**
 * The reminder jobs of signups, kept in line with their rows: a CONFIRMED signup of a shift has one delayed job
 * per SHIFT_REMINDERS offset still ahead; any other signup has none. Run after the change commits (SignupChanges),
 * and by the worker's reconciler for shifts coming up, so a job lost with Redis data comes back.
 */
@Injectable()
export class ShiftReminders {
  constructor(
    @InjectQueue(SHIFT_REMINDERS_QUEUE) private readonly queue: Queue<ShiftReminderJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The jobs of these signups, and of every confirmed signup of these shifts (whose time moved), read through
   * `manager` (after a commit, the connection that made the change: it needs no second one from the pool).
   */
  async sync(manager: EntityManager, signupIds: string[], shiftIds: string[] = []): Promise<void> {
    if (signupIds.length === 0 && shiftIds.length === 0) return;
    const rows: { id: string; status: SignupStatus; starts_at: Date }[] = await manager.query(
      `SELECT g.id, g.status, s.starts_at FROM signups g JOIN shifts s ON s.id = g.shift_id
        WHERE g.id = ANY($1::uuid[]) OR (g.shift_id = ANY($2::uuid[]) AND g.status = $3)`,
      [signupIds, shiftIds, SignupStatus.CONFIRMED],
    );
    const now = this.clock.now();
    await Promise.all(
      rows.flatMap((row) =>
        this.config.shiftReminders.map((offset) => {
          const at = reminderSendTime(row.starts_at, offset, this.config.networkTimezone);
          const wanted =
            row.status === SignupStatus.CONFIRMED && at.getTime() > now.getTime()
              ? {
                  name: SEND_SHIFT_REMINDER_JOB,
                  data: { signupId: row.id, offsetMinutes: offset.minutes, remindAt: at.toISOString() },
                  at,
                  opts: {
                    attempts: REMINDER_ATTEMPTS,
                    backoff: { type: 'exponential', delay: REMINDER_RETRY_MS },
                  },
                }
              : null;
          return keepDelayedJob(this.queue, shiftReminderJobId(row.id, offset.minutes), wanted, now);
        }),
      ),
    );
  }
}
