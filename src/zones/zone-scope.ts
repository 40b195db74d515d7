import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';

/**
 * The zone scope of staff users: a user limited to zones (`scope`: their zone ids; null for users who see every
 * zone) sees and manages only the records of their zones, and names only their own zones.
 */

export const OUTSIDE_YOUR_ZONES = 'must be within the zones you coordinate';

/** The zone ids a user is limited to, or null when the user sees every zone (admins, unscoped staff). */
export function zoneScopeOf(user: StaffUser): string[] | null {
  if (user.role === StaffRole.ADMIN || user.zones.length === 0) return null;
  return user.zones.map((zone) => zone.id);
}

/** A zone-limited user names at least one zone, and only their own; others may name any zones, or none. */
export function zoneScopeProblem(scope: string[] | null, zoneIds: string[]): string | null {
  if (!scope) return null;
  return zoneIds.length === 0 || zoneIds.some((id) => !scope.includes(id)) ? OUTSIDE_YOUR_ZONES : null;
}

/** A record is visible to a zone-limited user when in at least one of the user's zones. */
export function isWithinScope(scope: string[] | null, recordZoneIds: string[]): boolean {
  return !scope || recordZoneIds.some((id) => scope.includes(id));
}

/**
 * The zones a list is filtered to: those requested (an empty list filters nothing), never past the user's scope;
 * null when nothing is filtered.
 */
export function zoneFilterWithinScope(
  user: StaffUser,
  requested: string[] | null | undefined,
): string[] | null {
  const scope = zoneScopeOf(user);
  const asked = requested?.length ? requested : null;
  return scope && asked ? asked.filter((id) => scope.includes(id)) : (asked ?? scope);
}
