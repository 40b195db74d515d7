import type { EntityManager } from 'typeorm';
import { DeliveryRequest, type DeliveryStatus } from './delivery-request.entity.js';
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
 * and records the move in its history; `request.status` follows. Every status change goes through here.
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
  await manager.update(DeliveryRequest, { id: request.id }, { ...options.changes, status: to });
  await recordTransition(manager, request.id, request.status, to, actor, at, options.reason ?? null);
  Object.assign(request, options.changes, { status: to });
}

export async function recordTransition(
  manager: EntityManager,
  requestId: string,
  from: DeliveryStatus | null,
  to: DeliveryStatus,
  actor: TransitionActor,
  at: Date,
  reason: string | null,
): Promise<void> {
  await manager.insert(DeliveryTransition, {
    requestId,
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
