/** Dates in the console are shown in the network's time zone (from /console/config.json), never the browser's. */

export function formatDateTime(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatTime(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** The offset of `timeZone` from UTC at `at`, in minutes (e.g. -300 for Chicago in summer). */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - at.getTime()) / 60000);
}

/** `YYYY-MM-DDTHH:mm` (an `<input type="datetime-local">` value) of an instant, as the network's clocks show it. */
export function toLocalInput(iso: string, timeZone: string): string {
  const at = new Date(iso);
  const local = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60000);
  return local.toISOString().slice(0, 16);
}

/**
 * The instant (ISO, UTC) a `YYYY-MM-DDTHH:mm` wall-clock time means in the network's zone. The offset is taken at
 * the guessed instant and checked once more, which settles times next to a daylight-saving change.
 */
export function fromLocalInput(value: string, timeZone: string): string {
  const wall = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? Date.parse(`${value}:00Z`) : NaN;
  if (Number.isNaN(wall)) throw new RangeError(`Not a date and time: ${value}`);
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60000;
  return new Date(guess).toISOString();
}

/** fromLocalInput of a form's field, or '' when it is left empty (the API then names the field). */
export function instantOfInput(value: string, timeZone: string): string {
  return value ? fromLocalInput(value, timeZone) : '';
}

export interface Countdown {
  overdue: boolean;
  /** Whole minutes to (or, when overdue, since) the deadline. */
  minutes: number;
}

export function countdown(deadlineIso: string, now: number): Countdown {
  const difference = Date.parse(deadlineIso) - now;
  return { overdue: difference < 0, minutes: Math.floor(Math.abs(difference) / 60000) };
}

/** "2 h 5 min", "45 min", "3 d 4 h": the larger units only, as a coordinator reads a deadline. */
export function formatDuration(minutes: number, units: { d: string; h: string; min: string }): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} ${units.d} ${hours} ${units.h}`;
  if (hours > 0) return `${hours} ${units.h} ${rest} ${units.min}`;
  return `${rest} ${units.min}`;
}
