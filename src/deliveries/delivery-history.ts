import type { EntityManager } from 'typeorm';
import { deliveryRequestChanged } from './delivery-request-events.js';
import { CLOSED_STATUSES, DeliveryRequest, type DeliveryStatus } from './delivery-request.entity.js';
import { ActorKind, DeliveryTransition } from './delivery-transition.entity.js';
import { assertTransition } from './delivery-transitions.js';

/** Who makes a move: a staff user, a volunteer by SMS, or the system (expiry, auto-dispatch). */
export interface TransitionActor {
  kind: ActorKind;
  id: string | null;
}

export const SYSTEM_ACTOR: TransitionActor = { kind: ActorKind.SYSTEM, id: null };

/**
 * Moves a request (whose row the caller holds locked) as the transition table allows, with any other changes,
 * and records the move in its history; `request.status` (and `closedAt`, which starts the retention clock)
 * follow. Every status change goes through here.
 */
export async function moveRequest(
  manager: EntityManager,
  request: DeliveryRequest,
  to: DeliveryStatus,
  actor: TransitionActor,
  at: Date,
  options: { reason?: string | null; changes?: Partial<DeliveryRequest> } = {},
): Promise<void> {
  assertTransition(request.status, to);
  const closedAt = CLOSED_STATUSES.includes(to) ? at : request.closedAt;
  await manager.update(DeliveryRequest, { id: request.id }, { ...options.changes, status: to, closedAt });
  await recordTransition(manager, request, request.status, to, actor, at, options.reason ?? null);
  Object.assign(request, options.changes, { status: to, closedAt });
}

/** Records a move in the history and has `deliveryRequestUpdated` published once the transaction commits. */
export async function recordTransition(
  manager: EntityManager,
  request: { id: string; zoneId: string },
  from: DeliveryStatus | null,
  to: DeliveryStatus,
  actor: TransitionActor,
  at: Date,
  reason: string | null,
): Promise<void> {
  deliveryRequestChanged(manager, { id: request.id, zoneId: request.zoneId });
  await manager.insert(DeliveryTransition, {
    requestId: request.id,
    from,
    to,
    actorKind: actor.kind,
    actorId: actor.id,
    reason,
    at,
  });
}

/**
 * The request's row, locked for the rest of the transaction (its zone read along, not locked), or null. Every
 * change to a request or its offers takes this lock first.
 */
export function lockRequest(manager: EntityManager, id: string): Promise<DeliveryRequest | null> {
  return manager
    .createQueryBuilder(DeliveryRequest, 'r')
    .innerJoinAndSelect('r.zone', 'zone')
    .setLock('pessimistic_write', undefined, ['r'])
    .where('r.id = :id', { id })
    .getOne();
}
