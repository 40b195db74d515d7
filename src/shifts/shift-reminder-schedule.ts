import { DateTime } from 'luxon';

/** One reminder before a start: `24h` is `{ label: '24h', minutes: 1440 }`. */
export interface ReminderOffset {
  label: string;
  minutes: number;
}

const OFFSET_FORMAT = /^(\d+)\s*([dhm])$/i;
const MINUTES_PER_UNIT: Record<string, number> = { d: 1440, h: 60, m: 1 };
/** Nobody needs a reminder more than two weeks ahead. */
const MAX_OFFSET_MINUTES = 14 * 1440;

/**
 * Parses `SHIFT_REMINDERS` (`24h,2h`; `d`, `h` and `m` units): distinct offsets from 1 minute to 14 days, earliest
 * reminder first. Empty turns reminders off. Throws a message naming the variable.
 */
export function parseReminderOffsets(value: string | undefined): ReminderOffset[] {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return [];
  const offsets = trimmed.split(',').map((part) => {
    const match = OFFSET_FORMAT.exec(part.trim());
    const minutes = match ? Number(match[1]) * MINUTES_PER_UNIT[match[2].toLowerCase()] : NaN;
    if (!(minutes >= 1 && minutes <= MAX_OFFSET_MINUTES)) {
      throw new Error(
        `SHIFT_REMINDERS must list offsets such as 24h,2h (units d, h, m; 1 minute to 14 days); got "${value}"`,
      );
    }
    return { label: part.trim().toLowerCase().replace(/\s+/g, ''), minutes };
  });
  if (new Set(offsets.map((offset) => offset.minutes)).size !== offsets.length) {
    throw new Error(`SHIFT_REMINDERS lists the same offset twice; got "${value}"`);
  }
  return offsets.sort((a, b) => b.minutes - a.minutes);
}

/**
 * When a reminder `offset` before `startsAt` goes. Whole days are counted on the network's calendar, so the
 * "24h" reminder of a 10:00 shift goes at 10:00 the day before even when the clocks change overnight (23 or 25
 * real hours); shorter offsets are elapsed time (the "2h" reminder is two real hours before the start).
 */
export function reminderSendTime(startsAt: Date, offset: ReminderOffset, timeZone: string): Date {
  const days = Math.floor(offset.minutes / 1440);
  const minutes = offset.minutes % 1440;
  return DateTime.fromJSDate(startsAt, { zone: timeZone }).minus({ days }).minus({ minutes }).toJSDate();
}
