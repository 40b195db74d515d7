import { zonesAfterChange } from './volunteer-zones-after-change.js';

describe('volunteer zones after a change', () => {
  it('keeps the zones a zone-limited user cannot see, and replaces the rest', () => {
    expect(zonesAfterChange(['a'], ['a', 'b'], ['a'])).toEqual(['a', 'b']);
    expect(zonesAfterChange(['a', 'c'], ['a', 'b'], ['c'])).toEqual(['b', 'c']);
    expect(zonesAfterChange(null, ['a', 'b'], ['a'])).toEqual(['a']);
    expect(zonesAfterChange(null, ['a', 'b'], [])).toEqual([]);
  });
});
