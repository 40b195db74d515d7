import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { Skill, SmsStatus, VolunteerStatus } from '../volunteers/volunteer.entity.js';
import { DeliveryStatus, DeliveryUrgency } from './delivery-request.entity.js';

/** A household this large, or a HIGH-urgency request, wants a volunteer with a car. */
export const CAR_HOUSEHOLD_SIZE = 4;
const CAR_SKILLS: readonly Skill[] = [Skill.HAS_CAR, Skill.DRIVER];
const IN_PROGRESS: readonly DeliveryStatus[] = [DeliveryStatus.ASSIGNED, DeliveryStatus.PICKED_UP];

/**
 * The weights of the ranking, so that each criterion outweighs all the ones after it together: speaking the
 * household's language, then a car when one is wanted, then being available now (weekly availability in the
 * network time zone; none set ranks lower, never excludes), then the fewest deliveries in progress.
 */
const WEIGHT = { language: 4, car: 2, available: 1, idle: 0.5 } as const;

export interface RankedVolunteer {
  volunteerId: string;
  score: number;
  reasons: string[];
}

export interface RankingRequest {
  id: string;
  zoneId: string;
  language: string;
  householdSize: number;
  urgency: DeliveryUrgency;
}

interface Row {
  volunteer_id: string;
  score: number;
  speaks: boolean;
  has_car: boolean;
  available_now: boolean;
  in_progress: number;
}

/**
 * The volunteers to offer a request to, best first, in one query: in the request's zone, ACTIVE and SUBSCRIBED
 * (as isAssignableVolunteer), never offered this request before (pending or past), ranked as WEIGHT says; ties
 * go to the fewest deliveries in progress, then a stable order by id.
 */
export async function rankVolunteerMatches(
  manager: EntityManager,
  request: RankingRequest,
  options: { limit: number; now: Date; timezone: string },
): Promise<RankedVolunteer[]> {
  const wantsCar = request.householdSize >= CAR_HOUSEHOLD_SIZE || request.urgency === DeliveryUrgency.HIGH;
  const local = DateTime.fromJSDate(options.now, { zone: options.timezone });
  const now = { weekday: local.weekday, at: local.toFormat('HH:mm') };
  const rows: Row[] = await manager.query(
    `WITH busy AS (
       SELECT assigned_volunteer_id AS volunteer_id, count(*)::int AS n FROM delivery_requests
        WHERE status = ANY ($5::delivery_status[]) AND assigned_volunteer_id IS NOT NULL
        GROUP BY assigned_volunteer_id
     ), candidates AS (
       SELECT v.id,
              $3::text = ANY (v.languages) AS speaks,
              v.skills && $4::text[] AS has_car,
              -- A window of today holding the time now (one ending before it starts runs past midnight); the
              -- containment test first skips the volunteers with no window today cheaply.
              v.availability @> $9::jsonb AND jsonb_path_exists(v.availability,
                '$[*] ? (@.weekday == $now.weekday && ((@.start <= @.end && @.start <= $now.at && $now.at < @.end)
                         || (@.start > @.end && (@.start <= $now.at || $now.at < @.end))))',
                $10::jsonb) AS available_now,
              coalesce(busy.n, 0) AS in_progress
         FROM volunteers v
         JOIN volunteer_zones vz ON vz.volunteers_id = v.id AND vz.zones_id = $2
         LEFT JOIN busy ON busy.volunteer_id = v.id
        WHERE v.status = $6 AND v.sms_status = $7
          AND NOT EXISTS (SELECT 1 FROM delivery_offers o WHERE o.request_id = $1 AND o.volunteer_id = v.id)
     )
     SELECT id AS volunteer_id, speaks, has_car, available_now, in_progress,
            (CASE WHEN speaks THEN $11::float8 ELSE 0 END
             + CASE WHEN has_car AND $8::bool THEN $12::float8 ELSE 0 END
             + CASE WHEN available_now THEN $13::float8 ELSE 0 END
             + $14::float8 / (1 + in_progress)) AS score
       FROM candidates
      ORDER BY score DESC, in_progress, id
      LIMIT $15`,
    [
      request.id,
      request.zoneId,
      request.language,
      CAR_SKILLS,
      IN_PROGRESS,
      VolunteerStatus.ACTIVE,
      SmsStatus.SUBSCRIBED,
      wantsCar,
      JSON.stringify([{ weekday: now.weekday }]),
      JSON.stringify({ now }),
      WEIGHT.language,
      WEIGHT.car,
      WEIGHT.available,
      WEIGHT.idle,
      options.limit,
    ],
  );
  return rows.map((row) => ({
    volunteerId: row.volunteer_id,
    score: Math.round(row.score * 1000) / 1000,
    reasons: reasonsOf(row, request.language, wantsCar),
  }));
}

/** Short phrases for the coordinator: "speaks es", "has a car", "available now", "2 deliveries in progress". */
function reasonsOf(row: Row, language: string, wantsCar: boolean): string[] {
  const reasons: string[] = [];
  if (row.speaks) reasons.push(`speaks ${language}`);
  if (row.has_car && wantsCar) reasons.push('has a car');
  if (row.available_now) reasons.push('available now');
  reasons.push(
    row.in_progress === 0
      ? 'no deliveries in progress'
      : `${row.in_progress} ${row.in_progress === 1 ? 'delivery' : 'deliveries'} in progress`,
  );
  return reasons;
}
