import { formatTextTime } from './text-time.js';

describe('times in texts', () => {
  const zone = 'America/Chicago';
  const now = new Date('2030-03-05T12:00:00Z');

  it('shows weekday and time in the network time zone, in the volunteer language', () => {
    const saturday = new Date('2030-03-09T16:00:00Z');
    expect(formatTextTime(saturday, zone, 'en', now)).toBe('Sat 10:00');
    expect(formatTextTime(saturday, zone, 'es', now)).toBe('sáb 10:00');
    expect(formatTextTime(saturday, zone, 'es-MX', now)).toBe('sáb 10:00');
    expect(formatTextTime(saturday, zone, 'fr', now)).toBe('Sat 10:00');
  });

  it('follows daylight saving time: on the day of the March change 10:00 is 15:00 UTC, no longer 16:00', () => {
    expect(formatTextTime(new Date('2030-03-10T15:00:00Z'), zone, 'en', now)).toBe('Sun 10:00');
  });

  it('adds the date six days ahead and later, month first in English, day first in Spanish', () => {
    const later = new Date('2030-03-19T15:00:00Z');
    expect(formatTextTime(later, zone, 'en', now)).toBe('Tue 3/19 10:00');
    expect(formatTextTime(later, zone, 'es', now)).toBe('mar 19/3 10:00');
  });
});
