import { reminderSendTime, type ReminderOffset } from '../shifts/shift-reminder-schedule.js';

/** Attendees are reminded once, the day before. */
const DAY_BEFORE: ReminderOffset = { label: '24h', minutes: 1440 };

/**
 * When the attendees of a session starting at `startsAt` are reminded: the same time of day the day before on
 * the network's calendar (23 or 25 real hours when the clocks change overnight), as a shift's day-before reminder.
 */
export function attendeeReminderTime(startsAt: Date, timeZone: string): Date {
  return reminderSendTime(startsAt, DAY_BEFORE, timeZone);
}
