/**
 * What a user limited to zones (`scope`: their zone ids; null for users who see every zone) may do with a
 * volunteer's zones. One rule for createVolunteer, updateVolunteer and every row of importVolunteers.
 */

export const OUTSIDE_YOUR_ZONES = 'must be within the zones you coordinate';

/** A zone-limited user names at least one zone, and only their own; others may name any zones, or none. */
export function zoneScopeProblem(scope: string[] | null, zoneIds: string[]): string | null {
  if (!scope) return null;
  return zoneIds.length === 0 || zoneIds.some((id) => !scope.includes(id)) ? OUTSIDE_YOUR_ZONES : null;
}

/** A volunteer is visible to a zone-limited user when in at least one of the user's zones. */
export function isWithinScope(scope: string[] | null, volunteerZoneIds: string[]): boolean {
  return !scope || volunteerZoneIds.some((id) => scope.includes(id));
}

/**
 * The zones after a change: those requested, plus those the user cannot see. A coordinator of one of a volunteer's
 * two zones moves the volunteer within their own zones; the other zone is not theirs to remove.
 */
export function zonesAfterChange(scope: string[] | null, current: string[], requested: string[]): string[] {
  const kept = scope ? current.filter((id) => !scope.includes(id)) : [];
  return [...new Set([...requested, ...kept])].sort();
}
