import type { SignupActor } from './shift-claim-rule.js';

const HOUR_MS = 3600_000;

/**
 * A volunteer drops a shift by SMS only until SHIFT_DROP_CUTOFF_HOURS before it starts (later, a coordinator must
 * find a replacement, so the volunteer is told to text one); a coordinator may drop anyone at any time.
 */
export function dropIsTooLate(
  shift: { startsAt: Date },
  actor: SignupActor,
  now: Date,
  cutoffHours: number,
): boolean {
  if (actor === 'coordinator') return false;
  return now.getTime() > shift.startsAt.getTime() - cutoffHours * HOUR_MS;
}
