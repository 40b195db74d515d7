import { shiftNoticeIsUrgent } from './shift-notice-urgency.js';

describe('how urgent a text about a shift is', () => {
  const zone = 'America/Chicago';
  const quiet = { start: '21:00', end: '08:00' };
  // 2030-03-06 23:00 in Chicago (CST, UTC-6): quiet until 08:00, which is 14:00 UTC.
  const lateEvening = new Date('2030-03-07T05:00:00Z');

  it('waits out quiet hours when the morning still leaves 3 hours before the start', () => {
    expect(shiftNoticeIsUrgent(new Date('2030-03-07T17:00:00Z'), lateEvening, quiet, zone)).toBe(false);
  });

  it('goes at once when the morning would be too close to the start', () => {
    expect(shiftNoticeIsUrgent(new Date('2030-03-07T16:59:00Z'), lateEvening, quiet, zone)).toBe(true);
    expect(shiftNoticeIsUrgent(new Date('2030-03-07T13:00:00Z'), lateEvening, quiet, zone)).toBe(true);
  });

  it('outside quiet hours (or without them) it is urgent only within 3 hours of the start', () => {
    const noon = new Date('2030-03-07T18:00:00Z');
    expect(shiftNoticeIsUrgent(new Date('2030-03-07T22:00:00Z'), noon, quiet, zone)).toBe(false);
    expect(shiftNoticeIsUrgent(new Date('2030-03-07T20:00:00Z'), noon, quiet, zone)).toBe(true);
    expect(shiftNoticeIsUrgent(new Date('2030-03-07T20:00:00Z'), lateEvening, null, zone)).toBe(false);
  });
});
