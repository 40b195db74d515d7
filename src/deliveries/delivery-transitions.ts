import { DomainError } from '../common/domain-error.js';
import { DeliveryStatus } from './delivery-request.entity.js';

const { OPEN, OFFERED, ASSIGNED, PICKED_UP, DELIVERED, CANCELLED } = DeliveryStatus;

/**
 * Every move a delivery request may make, and the only place that says so. OFFERED → OPEN is a decline or an
 * expired offer with no other offer pending; ASSIGNED → DELIVERED is DONE without PICKED.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  [OPEN]: [OFFERED, ASSIGNED, CANCELLED],
  [OFFERED]: [OPEN, ASSIGNED, CANCELLED],
  [ASSIGNED]: [PICKED_UP, DELIVERED, CANCELLED],
  [PICKED_UP]: [DELIVERED, CANCELLED],
  [DELIVERED]: [],
  [CANCELLED]: [],
};

/**
 * What `updateDeliveryStatus` may set by itself. The other moves need more than a status — an offer, a
 * volunteer, a reason — and have their own mutations (assignDelivery, cancelDeliveryRequest; offers are not built yet).
 */
export const DIRECTLY_SETTABLE: readonly DeliveryStatus[] = [PICKED_UP, DELIVERED];

export function canTransition(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** Throws BAD_USER_INPUT on `status` for a move the table does not allow. */
export function assertTransition(from: DeliveryStatus, to: DeliveryStatus): void {
  if (!canTransition(from, to)) {
    throw DomainError.badInput('status', `a ${from} request cannot become ${to}`);
  }
}
