import { DateTime } from 'luxon';

const WEEK_MS = 6 * 24 * 3600_000;

/**
 * A time as a text shows it (a shift's start, a delivery's deliver-by), in the network's time zone and the
 * volunteer's language: `Sat 10:00` (`sáb 10:00`) within the coming six days, with the day of the month after that
 * (`Sat 12/19 10:00`, `sáb 19/12 10:00`), so a weekday never names two dates.
 */
export function formatTextTime(at: Date, timezone: string, language: string, now: Date): string {
  const spanish = language.toLowerCase().startsWith('es');
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale(spanish ? 'es' : 'en');
  if (at.getTime() - now.getTime() < WEEK_MS) return local.toFormat('ccc HH:mm');
  return local.toFormat(spanish ? 'ccc d/L HH:mm' : 'ccc L/d HH:mm');
}
