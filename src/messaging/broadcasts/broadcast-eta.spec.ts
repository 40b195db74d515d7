import { DateTime } from 'luxon';
import { parseQuietHours } from '../text/quiet-hours.js';
import { broadcastWarnings, estimateFinish, type EtaInput } from './broadcast-eta.js';

const ZONE = 'America/Chicago';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
const local = (date: Date | null) => (date ? DateTime.fromJSDate(date, { zone: ZONE }).toISO() : null);

const base: EtaInput = {
  now: at('2026-03-10T10:00:00'),
  remaining: 0,
  ratePerSecond: 1,
  urgent: false,
  quietHours: parseQuietHours('21:00-08:00'),
  timeZone: ZONE,
};

describe('estimateFinish', () => {
  it('has no ETA when nothing is left to send', () => {
    expect(estimateFinish(base)).toEqual({ at: null, pausesForQuietHours: false });
  });

  it('is now + remaining / rate within one sending day', () => {
    const eta = estimateFinish({ ...base, remaining: 3600, ratePerSecond: 2 });
    expect(local(eta.at)).toBe('2026-03-10T10:30:00.000-05:00');
    expect(eta.pausesForQuietHours).toBe(false);
  });

  it('adds the night when sending runs into quiet hours', () => {
    // 20,000 at 1/s from 18:00: 3 h until 21:00, the other 2.56 h from 08:00 the next morning.
    const eta = estimateFinish({ ...base, now: at('2026-03-10T18:00:00'), remaining: 20_000 });
    expect(local(eta.at)).toBe('2026-03-11T10:33:20.000-05:00');
    expect(eta.pausesForQuietHours).toBe(true);
  });

  it('starts in the morning when sent during quiet hours', () => {
    const eta = estimateFinish({ ...base, now: at('2026-03-10T23:00:00'), remaining: 60 });
    expect(local(eta.at)).toBe('2026-03-11T08:01:00.000-05:00');
    expect(eta.pausesForQuietHours).toBe(true);
  });

  it('ignores quiet hours for urgent broadcasts and when they are off', () => {
    const night = { ...base, now: at('2026-03-10T23:00:00'), remaining: 60 };
    expect(local(estimateFinish({ ...night, urgent: true }).at)).toBe('2026-03-10T23:01:00.000-05:00');
    expect(local(estimateFinish({ ...night, quietHours: null }).at)).toBe('2026-03-10T23:01:00.000-05:00');
  });

  it('follows the wall clock across a daylight-saving change', () => {
    // Clocks spring forward on 2026-03-08: the night from 21:00 to 08:00 is 10 real hours.
    const eta = estimateFinish({ ...base, now: at('2026-03-07T20:00:00'), remaining: 7200 });
    expect(local(eta.at)).toBe('2026-03-08T09:00:00.000-05:00');
  });

  it('spans several days when the sending takes longer than a day of sending hours', () => {
    // 13 h of sending per day (08:00-21:00): 30 h of sending from 08:00 ends on the third day at 12:00.
    const eta = estimateFinish({ ...base, now: at('2026-03-10T08:00:00'), remaining: 30 * 3600 });
    expect(local(eta.at)).toBe('2026-03-12T12:00:00.000-05:00');
  });
});

describe('broadcastWarnings', () => {
  const warningsFor = (input: EtaInput) => broadcastWarnings({ ...input, eta: estimateFinish(input) });

  it('stays quiet for a broadcast that finishes within the day', () => {
    expect(warningsFor({ ...base, remaining: 2000 })).toEqual([]);
  });

  it('does not warn about 20,000 texts at 1/s without quiet hours: 5.6 h is within Twilio validity', () => {
    expect(warningsFor({ ...base, remaining: 20_000, quietHours: null })).toEqual([]);
  });

  it('warns when the ETA exceeds Twilio validity, with the figures', () => {
    const [warning, ...rest] = warningsFor({ ...base, remaining: 40_000, urgent: true });
    expect(rest).toEqual([]);
    expect(warning).toContain("40000 texts at 1/s take 11.1 h to go out, longer than Twilio's 10.0 h");
  });

  it('warns about quiet hours, and about validity when the night pushes the ETA past it', () => {
    const warnings = warningsFor({ ...base, now: at('2026-03-10T18:00:00'), remaining: 20_000 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(
      '20000 texts at 1/s take 16.6 h to go out (5.6 h of sending plus quiet hours)',
    );
    expect(warnings[1]).toContain('quiet hours (21:00-08:00 America/Chicago)');
    expect(warnings[1]).toContain('Wed 10:33');
  });
});
