/**
 * Quiet hours: the daily window, in the network's time zone, in which no non-urgent text is sent.
 */
import { DateTime } from 'luxon';

export interface QuietHours {
  /** Wall-clock start, `HH:mm`, inclusive. */
  start: string;
  /** Wall-clock end, `HH:mm`, exclusive; earlier than start when the window crosses midnight. */
  end: string;
}

const QUIET_HOURS_FORMAT = /^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$/;

/** Parses `QUIET_HOURS` (`21:00-08:00`); empty or absent turns quiet hours off. */
export function parseQuietHours(value: string | undefined): QuietHours | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  const match = QUIET_HOURS_FORMAT.exec(trimmed);
  if (!match) {
    throw new Error(
      `QUIET_HOURS must be HH:mm-HH:mm, like 21:00-08:00, or empty to turn them off; got "${value}"`,
    );
  }
  const [, startHour, startMinute, endHour, endMinute] = match;
  const quiet = { start: clockTime(startHour, startMinute), end: clockTime(endHour, endMinute) };
  if (quiet.start === quiet.end) {
    throw new Error(`QUIET_HOURS must start and end at different times; got "${value}"`);
  }
  return quiet;
}

/**
 * When a non-urgent text may go: `now` outside quiet hours, otherwise the end of the current quiet window,
 * read on the wall clock of `timeZone` (so a window still ends at 08:00 local on the days clocks change).
 */
export function nextSendableTime(now: Date, quiet: QuietHours | null, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new Error(`Unknown time zone "${timeZone}"`);
  if (!quiet) return now;

  const minute = local.hour * 60 + local.minute;
  const start = minuteOfDay(quiet.start);
  const end = minuteOfDay(quiet.end);
  const crossesMidnight = start > end;
  const quietNow = crossesMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!quietNow) return now;

  const endDay = crossesMidnight && minute >= start ? local.plus({ days: 1 }) : local;
  const resolved = DateTime.fromObject(
    { year: endDay.year, month: endDay.month, day: endDay.day, hour: Math.floor(end / 60), minute: end % 60 },
    { zone: timeZone },
  );
  // When the clocks go back, the end time happens twice and luxon picks one occurrence: the window ends at
  // the first one still ahead. When they jump forward over it, luxon moves it past the jump, which is when
  // the window ends.
  const otherOccurrence = resolved.plus({ minutes: resolved.offset - local.offset });
  const endsAhead = [resolved, otherOccurrence]
    .filter((candidate) => candidate > local && candidate.hour * 60 + candidate.minute === end)
    .sort((a, b) => a.toMillis() - b.toMillis());
  return (endsAhead[0] ?? resolved).toJSDate();
}

function clockTime(hour: string, minute: string): string {
  return `${hour.padStart(2, '0')}:${minute}`;
}

function minuteOfDay(time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return hour * 60 + minute;
}
