import { parseReminderOffsets, reminderSendTime } from './shift-reminder-schedule.js';

const CHICAGO = 'America/Chicago';
const [dayBefore, twoHours] = parseReminderOffsets('24h,2h');

describe('reminderSendTime', () => {
  it('sends the day-before reminder at the same local time across the March change (23 real hours)', () => {
    // Sunday 14 March 2027, 10:00 CDT; the clocks jumped at 02:00 that night.
    const startsAt = new Date('2027-03-14T15:00:00Z');
    expect(reminderSendTime(startsAt, dayBefore, CHICAGO).toISOString()).toBe('2027-03-13T16:00:00.000Z');
    expect(reminderSendTime(startsAt, twoHours, CHICAGO).toISOString()).toBe('2027-03-14T13:00:00.000Z');
  });

  it('sends the day-before reminder at the same local time across the November change (25 real hours)', () => {
    // Sunday 7 November 2027, 10:00 CST; the clocks went back at 02:00 that night.
    const startsAt = new Date('2027-11-07T16:00:00Z');
    expect(reminderSendTime(startsAt, dayBefore, CHICAGO).toISOString()).toBe('2027-11-06T15:00:00.000Z');
    expect(reminderSendTime(startsAt, twoHours, CHICAGO).toISOString()).toBe('2027-11-07T14:00:00.000Z');
  });

  it('counts hours under a day as elapsed time, even across the jump', () => {
    // 04:00 CDT on the March morning is two real hours after 01:00 CST.
    const startsAt = new Date('2027-03-14T09:00:00Z');
    expect(reminderSendTime(startsAt, twoHours, CHICAGO).toISOString()).toBe('2027-03-14T07:00:00.000Z');
  });
});

describe('parseReminderOffsets', () => {
  it('refuses what is not a list of offsets, naming the variable', () => {
    expect(() => parseReminderOffsets('tomorrow')).toThrow('SHIFT_REMINDERS');
    expect(() => parseReminderOffsets('0h')).toThrow('SHIFT_REMINDERS');
    expect(() => parseReminderOffsets('2h,120m')).toThrow('the same offset twice');
  });
});
