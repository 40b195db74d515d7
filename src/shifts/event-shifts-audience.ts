import { registerBroadcastAudience } from '../messaging/broadcasts/broadcast-audiences.js';
import { fitsVolunteerSql } from './shift-fit.js';
import { offeredShiftSql } from './shift-offered.js';
import { heldOverlappingSql } from './shift-overlap.js';

/** The broadcast audience of a training event's shift offer; its params are EventShiftsAudienceParams. */
export const EVENT_SHIFTS_AUDIENCE = 'event-shifts';

export interface EventShiftsAudienceParams {
  eventId: string;
  /** Shifts starting after this (ISO-8601) are offered: the time of the publish. */
  openAfter: string;
}

/**
 * Volunteers who fit at least one open shift of the event: not started, a seat free, the shift's zone, skill
 * and language (the SHIFTS rule), not already on it, and holding no shift at an overlapping time. The fan-out
 * adds active and subscribed; it runs when the fan-out does, so a seat filled meanwhile is no longer offered.
 */
registerBroadcastAudience(EVENT_SHIFTS_AUDIENCE, {
  volunteerIdsSql: (params, param) => {
    const { eventId, openAfter } = params as Partial<EventShiftsAudienceParams>;
    const fits = fitsVolunteerSql({
      zoneIds: '(SELECT array_agg(vz.zones_id) FROM volunteer_zones vz WHERE vz.volunteers_id = v.id)',
      skills: 'v.skills',
      languages: 'v.languages',
    });
    return `SELECT v.id FROM shifts s
      WHERE s.event_id = ${param(eventId)}::uuid AND s.starts_at > ${param(openAfter)}::timestamptz
        AND s.confirmed_count < s.seats AND ${offeredShiftSql('s')}
        AND ${fits}
        AND NOT EXISTS (SELECT 1 FROM signups mine
                         WHERE mine.shift_id = s.id AND mine.volunteer_id = v.id AND mine.status <> 'DROPPED')
        AND NOT EXISTS (SELECT 1 FROM ${heldOverlappingSql('v.id', 's')})`;
  },
});
