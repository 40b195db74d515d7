import type { EntityManager } from 'typeorm';
import { SmsStatus, VolunteerStatus } from '../volunteers/volunteer.entity.js';

/** Why a volunteer cannot take a request; the same words whether the volunteer exists or not. */
export const NOT_ASSIGNABLE = 'must be an active, subscribed volunteer of the request’s zone';

/**
 * A volunteer may be given a delivery when they are in the request's zone, ACTIVE and SUBSCRIBED (an opted-out
 * volunteer cannot receive the address text). The same filter starts suggestVolunteers' ranking.
 */
export async function isAssignableVolunteer(
  manager: EntityManager,
  volunteerId: string,
  zoneId: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM volunteers v
       JOIN volunteer_zones vz ON vz.volunteers_id = v.id AND vz.zones_id = $2
      WHERE v.id = $1 AND v.status = $3 AND v.sms_status = $4`,
    [volunteerId, zoneId, VolunteerStatus.ACTIVE, SmsStatus.SUBSCRIBED],
  );
  return rows.length > 0;
}
