import type { StaffUser } from '../auth/staff-user.entity.js';
import { zoneScopeOf } from '../zones/zones.service.js';

/**
 * A staff user limited to zones sees and manages only the shifts of their zones; to them any other shift does not
 * exist (NOT_FOUND, as for a missing id), and a shift is created only in one of their zones.
 */
export function shiftWithinScope(user: StaffUser, shift: { zoneId: string }): boolean {
  const scope = zoneScopeOf(user);
  return !scope || scope.includes(shift.zoneId);
}

export const ZONE_OUTSIDE_SCOPE = 'must be one of the zones you coordinate';
