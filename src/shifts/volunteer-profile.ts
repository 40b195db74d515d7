import type { EntityManager } from 'typeorm';
import type { Skill, VolunteerStatus } from '../volunteers/volunteer.entity.js';
import type { VolunteerProfile } from './shift-fit.js';
import { NO_SHOWS_SQL } from './shift-no-show-limit.js';

export type VolunteerForSignup = VolunteerProfile & { id: string; status: VolunteerStatus; noShows: number };

/**
 * What the claim and fit rules read of a volunteer. With `lock`, the volunteer's row is locked for the rest of
 * the transaction (FOR NO KEY UPDATE: rows referencing it can still be written), so one volunteer's claims run one
 * at a time.
 */
export async function readVolunteerForSignup(
  manager: EntityManager,
  volunteerId: string,
  lock: boolean,
): Promise<VolunteerForSignup | null> {
  const rows: {
    id: string;
    status: VolunteerStatus;
    skills: Skill[];
    languages: string[];
    no_shows: number;
  }[] = await manager.query(
    `SELECT v.id, v.status, v.skills, v.languages, ${NO_SHOWS_SQL} AS no_shows
       FROM volunteers v WHERE v.id = $1${lock ? ' FOR NO KEY UPDATE OF v' : ''}`,
    [volunteerId],
  );
  if (rows.length === 0) return null;
  const { no_shows: noShows, ...volunteer } = rows[0];
  const zones: { zones_id: string }[] = await manager.query(
    `SELECT zones_id FROM volunteer_zones WHERE volunteers_id = $1`,
    [volunteerId],
  );
  return { ...volunteer, noShows, zoneIds: zones.map((zone) => zone.zones_id) };
}
