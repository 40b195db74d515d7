import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { keepDelayedJob } from '../queue/delayed-job.js';
import { attendeeReminderTime } from './attendee-reminder-schedule.js';
import {
  ATTENDEE_REMINDERS_QUEUE,
  attendeeReminderJobId,
  SEND_ATTENDEE_REMINDER_JOB,
  type AttendeeReminderJobData,
} from './attendee-reminders.queue.js';
import { TrainingEventStatus } from './training-event.entity.js';

/** A reminder run that fails (the database away) is tried again, a little later each time. */
const REMINDER_ATTEMPTS = 5;
const REMINDER_RETRY_MS = 10_000;

/**
 * The attendee reminder jobs of training events, kept in line with their rows: a PUBLISHED event whose
 * day-before time is still ahead has one delayed job; any other has none. Run after a publish, move or
 * cancellation commits, and by the worker's reconciler for events coming up (a job lost with Redis data).
 */
@Injectable()
export class AttendeeReminders {
  constructor(
    @InjectQueue(ATTENDEE_REMINDERS_QUEUE) private readonly queue: Queue<AttendeeReminderJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async sync(manager: EntityManager, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    const rows: { id: string; status: TrainingEventStatus; starts_at: Date }[] = await manager.query(
      `SELECT id, status, starts_at FROM training_events WHERE id = ANY($1::uuid[])`,
      [eventIds],
    );
    const now = this.clock.now();
    await Promise.all(
      rows.map((row) => {
        const at = attendeeReminderTime(row.starts_at, this.config.networkTimezone);
        const wanted =
          row.status === TrainingEventStatus.PUBLISHED && at.getTime() > now.getTime()
            ? {
                name: SEND_ATTENDEE_REMINDER_JOB,
                data: { eventId: row.id, remindAt: at.toISOString() },
                at,
                opts: {
                  attempts: REMINDER_ATTEMPTS,
                  backoff: { type: 'exponential', delay: REMINDER_RETRY_MS },
                },
              }
            : null;
        return keepDelayedJob(this.queue, attendeeReminderJobId(row.id), wanted, now);
      }),
    );
  }
}
