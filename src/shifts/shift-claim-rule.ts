import { VolunteerStatus } from '../volunteers/volunteer.entity.js';
import type { Shift } from './shift.entity.js';
import { shiftFits, type VolunteerProfile } from './shift-fit.js';
import { noShowLimitReached } from './shift-no-show-limit.js';

/** Who claims: the volunteer by SMS, or a coordinator (or admin) assigning them. */
export type SignupActor = 'volunteer' | 'coordinator';

export type ClaimRefusal = 'ended' | 'started' | 'inactive' | 'no_show_limit' | 'not_fitting';

/**
 * Who may claim a seat. Nobody joins a shift that has ended, and only an ACTIVE volunteer joins one. By SMS a
 * volunteer claims only a shift that has not started and fits them (zone, required skill and language), and not
 * once they reached the no-show limit; a coordinator may assign anyone active to a shift under way, fitting or
 * not, as they know the people.
 */
export function claimRefusal(
  shift: Pick<Shift, 'startsAt' | 'endsAt' | 'zoneId' | 'requiredSkill' | 'requiredLanguage'>,
  volunteer: VolunteerProfile & { status: VolunteerStatus; noShows: number },
  actor: SignupActor,
  now: Date,
  noShowLimit: number,
): ClaimRefusal | null {
  if (shift.endsAt.getTime() <= now.getTime()) return 'ended';
  if (volunteer.status !== VolunteerStatus.ACTIVE) return 'inactive';
  if (actor === 'coordinator') return null;
  if (noShowLimitReached(volunteer.noShows, noShowLimit)) return 'no_show_limit';
  if (shift.startsAt.getTime() <= now.getTime()) return 'started';
  return shiftFits(shift, volunteer) ? null : 'not_fitting';
}
