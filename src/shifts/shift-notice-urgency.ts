import { nextSendableTime, type QuietHours } from '../messaging/text/quiet-hours.js';

/** A text about a shift is of no use later than this before it starts. */
const USEFUL_LEAD_MS = 3 * 3600_000;

/**
 * Whether a text about a shift (a seat that opened, a seat lost) goes through quiet hours: only when waiting for
 * them to end would bring it less than 3 hours before the start (a seat opened at 23:00 for a 07:00 shift is
 * news that cannot wait until 08:00). Otherwise it waits, as every text nobody asked for does.
 */
export function shiftNoticeIsUrgent(
  startsAt: Date,
  now: Date,
  quietHours: QuietHours | null,
  timeZone: string,
): boolean {
  return nextSendableTime(now, quietHours, timeZone).getTime() > startsAt.getTime() - USEFUL_LEAD_MS;
}
