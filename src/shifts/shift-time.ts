import { formatTextTime } from '../messaging/text/text-time.js';

/** The `{code}`, `{role}` and `{when}` of a shift's texts. */
export function shiftTextParams(
  shift: { code: string; role: string; startsAt: Date },
  timezone: string,
  language: string,
  now: Date,
): { code: string; role: string; when: string } {
  return {
    code: shift.code,
    role: shift.role,
    when: formatTextTime(shift.startsAt, timezone, language, now),
  };
}
