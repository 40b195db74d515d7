import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import type { Zone } from './zone.entity.js';
import { OUTSIDE_YOUR_ZONES, isWithinScope, zoneFilterWithinScope, zoneScopeProblem } from './zone-scope.js';

const coordinatorOf = (...ids: string[]) =>
  ({ role: StaffRole.COORDINATOR, zones: ids.map((id) => ({ id }) as Zone) }) as StaffUser;

describe('zone scope', () => {
  it('lets users who see every zone name any zones, or none', () => {
    expect(zoneScopeProblem(null, [])).toBeNull();
    expect(zoneScopeProblem(null, ['a', 'b'])).toBeNull();
  });

  it('makes a zone-limited user name at least one zone, all theirs', () => {
    expect(zoneScopeProblem(['a'], [])).toBe(OUTSIDE_YOUR_ZONES);
    expect(zoneScopeProblem(['a'], ['a', 'b'])).toBe(OUTSIDE_YOUR_ZONES);
    expect(zoneScopeProblem(['a', 'b'], ['b'])).toBeNull();
  });

  it('sees a volunteer in any one of the user’s zones', () => {
    expect(isWithinScope(['a'], ['b', 'a'])).toBe(true);
    expect(isWithinScope(['a'], ['b'])).toBe(false);
    expect(isWithinScope(['a'], [])).toBe(false);
    expect(isWithinScope(null, [])).toBe(true);
  });

  it('filters a list to the zones asked for, never past the user’s', () => {
    expect(zoneFilterWithinScope(coordinatorOf(), ['a'])).toEqual(['a']);
    expect(zoneFilterWithinScope(coordinatorOf(), [])).toBeNull();
    expect(zoneFilterWithinScope(coordinatorOf('a', 'b'), ['b', 'c'])).toEqual(['b']);
    expect(zoneFilterWithinScope(coordinatorOf('a'), undefined)).toEqual(['a']);
    expect(zoneFilterWithinScope(coordinatorOf('a'), ['c'])).toEqual([]);
  });
});
