import { nextSendableTime, parseQuietHours, type QuietHours } from './quiet-hours.js';

const CHICAGO = 'America/Chicago';
const OVERNIGHT: QuietHours = { start: '21:00', end: '08:00' };

describe('parseQuietHours', () => {
  it.each<[string | undefined, QuietHours | null]>([
    ['21:00-08:00', { start: '21:00', end: '08:00' }],
    [' 21:00 - 08:00 ', { start: '21:00', end: '08:00' }],
    ['9:30-7:05', { start: '09:30', end: '07:05' }],
    ['13:00-14:00', { start: '13:00', end: '14:00' }],
    ['00:00-23:59', { start: '00:00', end: '23:59' }],
    ['', null],
    ['   ', null],
    [undefined, null],
  ])('%j → %j', (value, quiet) => {
    expect(parseQuietHours(value)).toEqual(quiet);
  });

  it.each(['21-08', '21:00', '21:00-24:00', '25:00-08:00', '21:60-08:00', '21:00–08:00', 'off', '2100-0800'])(
    'refuses %j, naming QUIET_HOURS',
    (value) => {
      expect(() => parseQuietHours(value)).toThrow(`QUIET_HOURS must be HH:mm-HH:mm, like 21:00-08:00`);
    },
  );

  it('refuses a window that starts and ends at the same time', () => {
    expect(() => parseQuietHours('08:00-8:00')).toThrow('QUIET_HOURS must start and end at different times');
  });
});

describe('nextSendableTime', () => {
  it.each<[string, string, string]>([
    // label, now (UTC), expected (UTC)
    ['20:59 CST: before the window, send now', '2026-03-08T02:59:00Z', '2026-03-08T02:59:00Z'],
    [
      '21:00 CST, the night before spring forward: until 08:00 CDT',
      '2026-03-08T03:00:00Z',
      '2026-03-08T13:00:00Z',
    ],
    ['23:30 CST, the night before spring forward', '2026-03-08T05:30:00Z', '2026-03-08T13:00:00Z'],
    ['01:59 CST, just before the clocks jump', '2026-03-08T07:59:00Z', '2026-03-08T13:00:00Z'],
    ['03:00 CDT, just after the clocks jump', '2026-03-08T08:00:00Z', '2026-03-08T13:00:00Z'],
    ['07:59 CDT on the spring-forward day', '2026-03-08T12:59:00Z', '2026-03-08T13:00:00Z'],
    ['08:00 CDT on the spring-forward day: send now', '2026-03-08T13:00:00Z', '2026-03-08T13:00:00Z'],
    ['20:59 CDT, the night before fall back: send now', '2026-11-01T01:59:59Z', '2026-11-01T01:59:59Z'],
    [
      '21:00 CDT, the night before fall back: until 08:00 CST',
      '2026-11-01T02:00:00Z',
      '2026-11-01T14:00:00Z',
    ],
    ['23:30 CDT, the night before fall back', '2026-11-01T04:30:00Z', '2026-11-01T14:00:00Z'],
    ['01:30 CDT, first pass of the repeated hour', '2026-11-01T06:30:00Z', '2026-11-01T14:00:00Z'],
    ['01:30 CST, second pass of the repeated hour', '2026-11-01T07:30:00Z', '2026-11-01T14:00:00Z'],
    ['03:00 CST on the fall-back day', '2026-11-01T09:00:00Z', '2026-11-01T14:00:00Z'],
    ['07:59 CST on the fall-back day', '2026-11-01T13:59:00Z', '2026-11-01T14:00:00Z'],
    ['08:00 CST on the fall-back day: send now', '2026-11-01T14:00:00Z', '2026-11-01T14:00:00Z'],
    ['12:00 CST on an ordinary day: send now', '2026-01-15T18:00:00Z', '2026-01-15T18:00:00Z'],
    ['23:30 CST on an ordinary day', '2026-01-16T05:30:00Z', '2026-01-16T14:00:00Z'],
  ])('21:00-08:00 in Chicago, %s', (_label, now, expected) => {
    expect(nextSendableTime(new Date(now), OVERNIGHT, CHICAGO).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it.each<[string, string, string]>([
    ['12:59: before the window', '2026-07-01T17:59:00Z', '2026-07-01T17:59:00Z'],
    ['13:00: in the window', '2026-07-01T18:00:00Z', '2026-07-01T19:00:00Z'],
    ['13:45: in the window', '2026-07-01T18:45:00Z', '2026-07-01T19:00:00Z'],
    ['14:00: after the window', '2026-07-01T19:00:00Z', '2026-07-01T19:00:00Z'],
    ['23:30: outside a window that does not cross midnight', '2026-07-02T04:30:00Z', '2026-07-02T04:30:00Z'],
  ])('13:00-14:00 in Chicago, %s', (_label, now, expected) => {
    const lunch = { start: '13:00', end: '14:00' };
    expect(nextSendableTime(new Date(now), lunch, CHICAGO).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it('ends a window whose end time the clocks skip at the first instant after it (02:30 → 03:30 CDT)', () => {
    const quiet = { start: '22:00', end: '02:30' };
    expect(nextSendableTime(new Date('2026-03-08T05:00:00Z'), quiet, CHICAGO).toISOString()).toBe(
      '2026-03-08T08:30:00.000Z',
    );
  });

  it('ends a window whose end time happens twice at the occurrence still ahead', () => {
    const quiet = { start: '00:00', end: '01:30' };
    // 01:10 CDT: the first 01:30 (CDT) is ahead.
    expect(nextSendableTime(new Date('2026-11-01T06:10:00Z'), quiet, CHICAGO).toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    );
    // 01:10 CST, after the clocks went back: only the second 01:30 (CST) is ahead.
    expect(nextSendableTime(new Date('2026-11-01T07:10:00Z'), quiet, CHICAGO).toISOString()).toBe(
      '2026-11-01T07:30:00.000Z',
    );
  });

  it('reads the wall clock of the given zone', () => {
    const now = new Date('2026-07-01T03:00:00Z'); // 22:00 in Chicago, 05:00 in Madrid
    expect(nextSendableTime(now, OVERNIGHT, CHICAGO).toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(nextSendableTime(now, OVERNIGHT, 'Europe/Madrid').toISOString()).toBe('2026-07-01T06:00:00.000Z');
  });

  it('returns now when quiet hours are off', () => {
    const now = new Date('2026-03-08T05:30:00Z');
    expect(nextSendableTime(now, null, CHICAGO)).toEqual(now);
  });

  it('throws on an invalid time zone, even with quiet hours off', () => {
    const now = new Date('2026-03-08T05:30:00Z');
    expect(() => nextSendableTime(now, OVERNIGHT, 'America/Chicag')).toThrow(
      'Unknown time zone "America/Chicag"',
    );
    expect(() => nextSendableTime(now, null, 'Mars/Olympus')).toThrow('Unknown time zone "Mars/Olympus"');
  });
});
