import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { insertOrIgnore } from '../database/insert-or-ignore.js';
import { OutboundMessagesService } from '../messaging/outbound/outbound-messages.service.js';
import { renderTemplate } from '../messaging/text/templates.js';
import { shiftNoticeIsUrgent } from './shift-notice-urgency.js';
import { ShiftReminderSent } from './shift-reminder-sent.entity.js';
import { reminderSendTime } from './shift-reminder-schedule.js';
import type { ShiftReminderJobData } from './shift-reminders.queue.js';
import { shiftTextParams } from './shift-time.js';
import './shift-templates.js';

/** What became of a reminder job. */
export type ReminderOutcome = 'sent' | 'already_sent' | 'stale';

/**
 * Sends one shift reminder, if it is still due: the signup is CONFIRMED, the shift has not started, the offset is
 * still configured, and the shift's start minus that offset is the job's time (a job left over from before a move
 * or a drop does nothing). The text and a `shift_reminders_sent` row are written in one transaction, the row unique
 * per signup × offset × start, so a job run twice texts once. Quiet hours hold unless waiting for them would bring
 * the text within 3 hours of the start (shiftNoticeIsUrgent), as for every text about a shift.
 */
@Injectable()
export class ShiftReminderSender {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbound: OutboundMessagesService,
    private readonly clock: Clock,
  ) {}

  async send(job: ShiftReminderJobData): Promise<ReminderOutcome> {
    const offset = this.config.shiftReminders.find((candidate) => candidate.minutes === job.offsetMinutes);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const rows: {
        status: string;
        shift_id: string;
        code: string;
        role: string;
        starts_at: Date;
        volunteer_id: string;
        phone: string;
        preferred_language: string;
      }[] = await manager.query(
        `SELECT g.status, s.id AS shift_id, s.code, s.role, s.starts_at, v.id AS volunteer_id, v.phone,
                v.preferred_language
           FROM signups g JOIN shifts s ON s.id = g.shift_id JOIN volunteers v ON v.id = g.volunteer_id
          WHERE g.id = $1`,
        [job.signupId],
      );
      const row = rows[0];
      const now = this.clock.now();
      const due =
        row !== undefined &&
        offset !== undefined &&
        row.status === 'CONFIRMED' &&
        row.starts_at.getTime() > now.getTime() &&
        reminderSendTime(row.starts_at, offset, this.config.networkTimezone).toISOString() === job.remindAt;
      if (!due) return 'stale';
      const recorded = await insertOrIgnore(manager, ShiftReminderSent, {
        signupId: job.signupId,
        offsetMinutes: job.offsetMinutes,
        shiftStartsAt: row.starts_at,
      });
      if (!recorded) return 'already_sent';
      const language = row.preferred_language;
      const shift = { code: row.code, role: row.role, startsAt: row.starts_at };
      return this.outbound.record(manager, [
        {
          volunteerId: row.volunteer_id,
          phone: row.phone,
          ...renderTemplate(
            'shift_reminder',
            language,
            shiftTextParams(shift, this.config.networkTimezone, language, now),
          ),
          templateKey: 'shift_reminder',
          urgent: shiftNoticeIsUrgent(
            row.starts_at,
            now,
            this.config.quietHours,
            this.config.networkTimezone,
          ),
          subjectType: 'shift',
          subjectId: row.shift_id,
        },
      ]);
    });
    if (typeof outcome === 'string') return outcome;
    await this.outbound.dispatchOrLeaveToReconciler(outcome);
    return 'sent';
  }
}
