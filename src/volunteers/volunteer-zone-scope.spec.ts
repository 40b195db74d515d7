import {
  OUTSIDE_YOUR_ZONES,
  isWithinScope,
  zonesAfterChange,
  zoneScopeProblem,
} from './volunteer-zone-scope.js';

describe('volunteer zone scope', () => {
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

  it('keeps the zones a zone-limited user cannot see, and replaces the rest', () => {
    expect(zonesAfterChange(['a'], ['a', 'b'], ['a'])).toEqual(['a', 'b']);
    expect(zonesAfterChange(['a', 'c'], ['a', 'b'], ['c'])).toEqual(['b', 'c']);
    expect(zonesAfterChange(null, ['a', 'b'], ['a'])).toEqual(['a']);
    expect(zonesAfterChange(null, ['a', 'b'], [])).toEqual([]);
  });
});
