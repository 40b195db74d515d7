import { describe, expect, it } from 'vitest';
import {
  countdown,
  formatDateTime,
  formatDuration,
  formatTime,
  fromLocalInput,
  instantOfInput,
  toLocalInput,
} from './format';

const CHICAGO = 'America/Chicago';

describe('dates in the network time zone', () => {
  it('shows an instant as the network’s clocks read it, whatever the browser’s zone', () => {
    // 2026-07-01 15:30 UTC is 10:30 in Chicago (CDT, UTC-5) and 17:30 in Madrid.
    expect(formatTime('2026-07-01T15:30:00Z', CHICAGO, 'en-US')).toBe('10:30 AM');
    expect(formatTime('2026-07-01T15:30:00Z', 'Europe/Madrid', 'es-US')).toMatch(/^5:30\sp/);
    expect(formatDateTime('2026-12-01T03:00:00Z', CHICAGO, 'en-US')).toBe('Mon, Nov 30, 9:00 PM');
  });

  it('turns a datetime-local value into the instant it means in the network zone, and back', () => {
    expect(fromLocalInput('2026-07-01T10:30', CHICAGO)).toBe('2026-07-01T15:30:00.000Z');
    expect(fromLocalInput('2026-12-01T10:30', CHICAGO)).toBe('2026-12-01T16:30:00.000Z');
    expect(toLocalInput('2026-12-01T16:30:00.000Z', CHICAGO)).toBe('2026-12-01T10:30');
  });

  it('settles wall-clock times on both sides of a daylight-saving change', () => {
    // Chicago springs forward on 2026-03-08 at 02:00 (to 03:00) and falls back on 2026-11-01 at 02:00.
    expect(fromLocalInput('2026-03-08T01:30', CHICAGO)).toBe('2026-03-08T07:30:00.000Z');
    expect(fromLocalInput('2026-03-08T03:30', CHICAGO)).toBe('2026-03-08T08:30:00.000Z');
    expect(fromLocalInput('2026-11-01T03:00', CHICAGO)).toBe('2026-11-01T09:00:00.000Z');
    for (const iso of ['2026-03-08T07:30:00.000Z', '2026-03-08T08:30:00.000Z', '2026-11-01T09:00:00.000Z']) {
      expect(fromLocalInput(toLocalInput(iso, CHICAGO), CHICAGO)).toBe(iso);
    }
  });

  it('refuses a value that is not a date and time', () => {
    expect(() => fromLocalInput('tomorrow', CHICAGO)).toThrow(RangeError);
  });

  it('leaves a form field left empty empty, for the API to name it', () => {
    expect(instantOfInput('', CHICAGO)).toBe('');
    expect(instantOfInput('2026-07-04T09:30', CHICAGO)).toBe('2026-07-04T14:30:00.000Z');
  });
});

describe('countdowns', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const units = { d: 'd', h: 'h', min: 'min' };

  it('counts whole minutes to a deadline, and since it once passed', () => {
    expect(countdown('2026-12-01T14:05:30Z', now)).toEqual({ overdue: false, minutes: 125 });
    expect(countdown('2026-12-01T11:48:00Z', now)).toEqual({ overdue: true, minutes: 12 });
    expect(countdown('2026-12-01T12:00:00Z', now)).toEqual({ overdue: false, minutes: 0 });
  });

  it('names the larger units only', () => {
    expect(formatDuration(45, units)).toBe('45 min');
    expect(formatDuration(125, units)).toBe('2 h 5 min');
    expect(formatDuration(3 * 1440 + 4 * 60 + 59, units)).toBe('3 d 4 h');
  });
});
