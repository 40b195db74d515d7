import { formatLocalTime } from '../messaging/text/local-time.js';

/** A shift's start as a text shows it (see formatLocalTime): `Sat 10:00`, `sáb 19/12 10:00`. */
export const formatShiftTime = formatLocalTime;

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
    when: formatShiftTime(shift.startsAt, timezone, language, now),
  };
}
