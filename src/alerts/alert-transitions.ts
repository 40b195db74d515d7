import { DomainError } from '../common/domain-error.js';
import { AlertStatus } from './alert.entity.js';

const { REPORTED, VERIFYING, CONFIRMED, RESOLVED, FALSE_ALARM, EXPIRED } = AlertStatus;

/**
 * Every move an alert may make, and the only place that says so. A coordinator may confirm a report without
 * asking anyone to verify it (REPORTED → CONFIRMED); any open alert may be resolved, called a false alarm, or
 * expire.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  [REPORTED]: [VERIFYING, CONFIRMED, RESOLVED, FALSE_ALARM, EXPIRED],
  [VERIFYING]: [CONFIRMED, RESOLVED, FALSE_ALARM, EXPIRED],
  [CONFIRMED]: [RESOLVED, FALSE_ALARM, EXPIRED],
  [RESOLVED]: [],
  [FALSE_ALARM]: [],
  [EXPIRED]: [],
};

export function canTransition(from: AlertStatus, to: AlertStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** Throws BAD_USER_INPUT on `field` (the alert's id argument) for a move the table does not allow. */
export function assertTransition(from: AlertStatus, to: AlertStatus, field = 'id'): void {
  if (!canTransition(from, to)) {
    throw DomainError.badInput(field, `a ${from} alert cannot become ${to}`);
  }
}
