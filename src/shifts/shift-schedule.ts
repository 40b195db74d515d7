import type { FieldProblem } from '../common/domain-error.js';

/**
 * When a shift may be: it ends after it starts, and a start being set is not in the past (a shift already
 * under way may still have its end moved).
 */
export function scheduleProblems(
  schedule: { startsAt: Date; endsAt: Date },
  startsAtGiven: boolean,
  now: Date,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (startsAtGiven && schedule.startsAt.getTime() <= now.getTime()) {
    problems.push({ field: 'startsAt', message: 'must be in the future' });
  }
  if (schedule.endsAt.getTime() <= schedule.startsAt.getTime()) {
    problems.push({ field: 'endsAt', message: 'must be after startsAt' });
  }
  return problems;
}
