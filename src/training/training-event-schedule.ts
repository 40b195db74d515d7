import type { FieldProblem } from '../common/domain-error.js';
import { scheduleProblems } from '../shifts/shift-schedule.js';

/** A session lasts at most this long. */
export const MAX_SESSION_HOURS = 24;

/** When a session may be: a shift's rule (ends after it starts, a start being set is in the future), and one day at most. */
export function trainingEventScheduleProblems(
  schedule: { startsAt: Date; endsAt: Date },
  startsAtGiven: boolean,
  now: Date,
): FieldProblem[] {
  const problems = scheduleProblems(schedule, startsAtGiven, now);
  const hours = (schedule.endsAt.getTime() - schedule.startsAt.getTime()) / 3600_000;
  if (hours > MAX_SESSION_HOURS) {
    problems.push({ field: 'endsAt', message: `must be within ${MAX_SESSION_HOURS} hours of startsAt` });
  }
  return problems;
}
