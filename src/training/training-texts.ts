import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { BroadcastDraft } from '../messaging/broadcasts/broadcast-outbox.js';
import type { OutboundText } from '../messaging/outbound/outbound-messages.service.js';
import { longestFittingPrefix } from '../messaging/text/sms-text.js';
import { FALLBACK_LANGUAGE, renderTemplate, templateLanguages } from '../messaging/text/templates.js';
import { EVENT_SHIFTS_AUDIENCE, type EventShiftsAudienceParams } from '../shifts/event-shifts-audience.js';
import { shiftNoticeIsUrgent } from '../shifts/shift-notice-urgency.js';
import { formatTextTime } from '../messaging/text/text-time.js';
import { ShiftsService } from '../shifts/shifts.service.js';
import type { TrainingEvent } from './training-event.entity.js';
import { TRAINING_EVENT_SUBJECT } from './training-subject.js';
import './training-templates.js';

/** A broadcast offering an event's open shifts to the volunteers who fit them, ready for BroadcastOutbox.record. */
export type ShiftOffer = Omit<BroadcastDraft, 'urgent' | 'createdById'>;

/** The texts about a training event, in each recipient's language, times in the network's time zone. */
@Injectable()
export class TrainingTexts {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly shifts: ShiftsService,
  ) {}

  /**
   * The offer of the event's open shifts (not started, a seat free), soonest first, as many as fit in three
   * segments in each language; null when none is open. The segment is the shifts' zones, the audience the
   * volunteers who fit one of them (event-shifts-audience.ts).
   */
  async shiftOffer(event: TrainingEvent, now: Date): Promise<ShiftOffer | null> {
    const open = (await this.shifts.shiftsOfEvents([event.id])).filter(
      (shift) => shift.startsAt.getTime() > now.getTime() && shift.confirmedCount < shift.seats,
    );
    if (open.length === 0) return null;
    const render = (language: string) => {
      const lines = open.map(
        (shift) =>
          `${shift.code} ${shift.role} ${formatTextTime(shift.startsAt, this.config.networkTimezone, language, now)}`,
      );
      const params = (listed: string[]) => ({
        title: event.title,
        when: formatTextTime(event.startsAt, this.config.networkTimezone, language, now),
        venue: event.venue,
        shifts: listed.join(', '),
        code: open[0].code,
      });
      const listed = longestFittingPrefix(
        lines,
        (prefix) => renderTemplate('training_shift_offer', language, params(prefix)).body,
      );
      return renderTemplate('training_shift_offer', language, params(listed)).body;
    };
    const bodyByLanguage = Object.fromEntries(
      templateLanguages('training_shift_offer')
        .filter((language) => language !== FALLBACK_LANGUAGE)
        .map((language) => [language, render(language)]),
    );
    const audienceParams: EventShiftsAudienceParams = { eventId: event.id, openAfter: now.toISOString() };
    return {
      body: render(FALLBACK_LANGUAGE),
      bodyByLanguage,
      zoneIds: [...new Set(open.map((shift) => shift.zoneId))],
      // The audience decides who fits: no skill or language filter on top of it.
      skills: [],
      anySkills: [],
      languages: [],
      audience: EVENT_SHIFTS_AUDIENCE,
      audienceParams: { ...audienceParams },
    };
  }

  /** The one text telling a volunteer or an attendee that the event is cancelled. */
  cancellation(
    event: TrainingEvent,
    now: Date,
    recipient: { volunteerId: string | null; phone: string; language: string },
  ): OutboundText {
    const when = formatTextTime(event.startsAt, this.config.networkTimezone, recipient.language, now);
    const rendered = renderTemplate('training_cancelled', recipient.language, {
      title: event.title,
      when,
      venue: event.venue,
    });
    return {
      volunteerId: recipient.volunteerId,
      phone: recipient.phone,
      ...rendered,
      templateKey: 'training_cancelled',
      urgent: shiftNoticeIsUrgent(event.startsAt, now, this.config.quietHours, this.config.networkTimezone),
      subjectType: TRAINING_EVENT_SUBJECT,
      subjectId: event.id,
    };
  }
}
