import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { insertOrIgnore } from '../database/insert-or-ignore.js';
import type { OutboundText } from '../messaging/outbound/outbound-messages.service.js';
import { OutboundMessagesService } from '../messaging/outbound/outbound-messages.service.js';
import { renderTemplate } from '../messaging/text/templates.js';
import { formatTextTime } from '../messaging/text/text-time.js';
import { shiftNoticeIsUrgent } from '../shifts/shift-notice-urgency.js';
import { attendeeReminderTime } from './attendee-reminder-schedule.js';
import { AttendeeReminderSent } from './attendee-reminder-sent.entity.js';
import type { AttendeeReminderJobData } from './attendee-reminders.queue.js';
import { AttendeesService } from './attendees.service.js';
import { TrainingEvent, TrainingEventStatus } from './training-event.entity.js';
import { TRAINING_EVENT_SUBJECT } from './training-subject.js';
import './training-templates.js';

/** What became of an attendee reminder job; `sent` with how many were texted. */
export type AttendeeReminderOutcome = { sent: number } | 'stale';

/**
 * Sends the day-before reminder of a session to each attendee who gave a phone, if it is still due: the event is
 * PUBLISHED, has not started, and its start still puts the reminder at the job's time (a job left over from
 * before a move or a cancellation does nothing). Each text and its `attendee_reminders_sent` row are written in
 * one transaction, the row unique per attendee × start, so a job run twice texts nobody twice.
 */
@Injectable()
export class AttendeeReminderSender {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attendees: AttendeesService,
    private readonly outbound: OutboundMessagesService,
    private readonly clock: Clock,
  ) {}

  async send(job: AttendeeReminderJobData): Promise<AttendeeReminderOutcome> {
    const recorded = await this.dataSource.transaction(async (manager) => {
      const event = await manager.findOneBy(TrainingEvent, { id: job.eventId });
      const now = this.clock.now();
      const due =
        event !== null &&
        event.status === TrainingEventStatus.PUBLISHED &&
        event.startsAt.getTime() > now.getTime() &&
        attendeeReminderTime(event.startsAt, this.config.networkTimezone).toISOString() === job.remindAt;
      if (!due) return null;
      const texts: OutboundText[] = [];
      for (const attendee of await this.attendees.reachableAttendees(manager, event.id)) {
        const first = await insertOrIgnore(manager, AttendeeReminderSent, {
          attendeeId: attendee.attendeeId,
          eventStartsAt: event.startsAt,
        });
        if (!first) continue;
        texts.push({
          volunteerId: null,
          phone: attendee.phone,
          ...renderTemplate('training_reminder', attendee.language, {
            title: event.title,
            when: formatTextTime(event.startsAt, this.config.networkTimezone, attendee.language, now),
            venue: event.venue,
          }),
          templateKey: 'training_reminder',
          urgent: shiftNoticeIsUrgent(
            event.startsAt,
            now,
            this.config.quietHours,
            this.config.networkTimezone,
          ),
          subjectType: TRAINING_EVENT_SUBJECT,
          subjectId: event.id,
        });
      }
      return texts.length > 0 ? this.outbound.record(manager, texts) : [];
    });
    if (recorded === null) return 'stale';
    await this.outbound.dispatchOrLeaveToReconciler(recorded);
    return { sent: recorded.length };
  }
}
