import { dropIsTooLate } from './shift-drop-cutoff.js';

describe('the SMS drop cut-off', () => {
  const startsAt = new Date('2030-03-09T16:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('lets a volunteer drop until the cut-off before the start, and not after', () => {
    expect(dropIsTooLate({ startsAt }, 'volunteer', at('2030-03-09T12:59:59Z'), 3)).toBe(false);
    expect(dropIsTooLate({ startsAt }, 'volunteer', at('2030-03-09T13:00:00Z'), 3)).toBe(false);
    expect(dropIsTooLate({ startsAt }, 'volunteer', at('2030-03-09T13:00:01Z'), 3)).toBe(true);
    expect(dropIsTooLate({ startsAt }, 'volunteer', at('2030-03-09T17:00:00Z'), 3)).toBe(true);
  });

  it('follows the configured hours; 0 allows a drop up to the start', () => {
    expect(dropIsTooLate({ startsAt }, 'volunteer', at('2030-03-09T11:00:00Z'), 6)).toBe(true);
    expect(dropIsTooLate({ startsAt }, 'volunteer', at('2030-03-09T15:59:00Z'), 0)).toBe(false);
  });

  it('never stops a coordinator', () => {
    expect(dropIsTooLate({ startsAt }, 'coordinator', at('2030-03-09T17:00:00Z'), 3)).toBe(false);
  });
});
