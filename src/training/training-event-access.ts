import { StaffRole, type StaffUser } from '../auth/staff-user.entity.js';
import { DomainError } from '../common/domain-error.js';
import { isWithinScope, zoneScopeOf } from '../zones/zone-scope.js';
import type { TrainingEvent } from './training-event.entity.js';

/** Whether a user sees a training event: within their zones (admins and unscoped staff see every zone). */
export function maySeeTrainingEvent(user: StaffUser, event: Pick<TrainingEvent, 'zoneId'>): boolean {
  return isWithinScope(zoneScopeOf(user), [event.zoneId]);
}

/**
 * Whether a user runs a training event (edits it, publishes or cancels it, adds its shifts, registers attendees,
 * takes attendance): a trainer only their own events; coordinators and admins every event they see.
 */
export function mayRunTrainingEvent(
  user: StaffUser,
  event: Pick<TrainingEvent, 'zoneId' | 'trainerId'>,
): boolean {
  if (!maySeeTrainingEvent(user, event)) return false;
  return user.role !== StaffRole.TRAINER || event.trainerId === user.id;
}

/**
 * The event, when the user runs it: NOT_FOUND when missing or outside their zones (as for any record), FORBIDDEN
 * for another trainer's event.
 */
export function runnableTrainingEventOrFail<T extends Pick<TrainingEvent, 'zoneId' | 'trainerId'>>(
  user: StaffUser,
  event: T | null,
  id: string,
): T {
  if (!event || !maySeeTrainingEvent(user, event)) throw DomainError.notFound('Training event', id);
  if (!mayRunTrainingEvent(user, event)) {
    throw DomainError.forbidden('A trainer runs only their own training events');
  }
  return event;
}
