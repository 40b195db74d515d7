import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { Skill, SmsStatus, VolunteerStatus } from '../volunteers/volunteer.entity.js';

/** Who is sent out for an alert: to check it, and once confirmed, to respond. */
export const RESPONDER_SKILLS: readonly Skill[] = [Skill.LEGAL_OBSERVER, Skill.RAPID_RESPONSE];

/** How far back "asked to verify lately" looks, to spread the checking around. */
const RECENTLY_ASKED_DAYS = 7;

export interface Verifier {
  id: string;
  phone: string;
  preferred_language: string;
}

/**
 * The `count` best-placed volunteers to check an alert in `zoneId`, not asked about it yet and not its reporter:
 * active and subscribed, in the zone, a legal observer or rapid responder. Best placed means, in this order:
 * free now by their weekly availability (in the network's time zone), a legal observer (trained to observe and
 * document), asked to verify least often in the last week, then id (a stable order).
 */
export async function chooseVerifiers(
  manager: EntityManager,
  alert: { id: string; zoneId: string; reportedByVolunteerId: string | null },
  count: number,
  now: Date,
  timeZone: string,
): Promise<Verifier[]> {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return manager.query(
    `SELECT v.id, v.phone, v.preferred_language FROM volunteers v
      WHERE v.status = $1 AND v.sms_status = $2 AND v.skills && $3::text[]
        AND EXISTS (SELECT 1 FROM volunteer_zones vz WHERE vz.volunteers_id = v.id AND vz.zones_id = $4)
        AND NOT EXISTS (SELECT 1 FROM alert_verifications av WHERE av.alert_id = $5 AND av.volunteer_id = v.id)
        AND v.id IS DISTINCT FROM $6::uuid
      ORDER BY
        EXISTS (SELECT 1 FROM jsonb_array_elements(v.availability) w
                 WHERE (w->>'weekday')::int = $7 AND w->>'start' <= $8 AND w->>'end' > $8) DESC,
        ($9 = ANY (v.skills)) DESC,
        (SELECT count(*) FROM alert_verifications av
          WHERE av.volunteer_id = v.id AND av.asked_at > $10::timestamptz - make_interval(days => $11)) ASC,
        v.id
      LIMIT $12`,
    [
      VolunteerStatus.ACTIVE,
      SmsStatus.SUBSCRIBED,
      RESPONDER_SKILLS,
      alert.zoneId,
      alert.id,
      alert.reportedByVolunteerId,
      local.weekday,
      local.toFormat('HH:mm'),
      Skill.LEGAL_OBSERVER,
      now,
      RECENTLY_ASKED_DAYS,
      count,
    ],
  );
}
