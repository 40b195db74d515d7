import type { StaffUser } from '../auth/staff-user.entity.js';
import type { EventStream, PubSub } from '../graphql/pubsub.js';
import { isWithinScope, zoneScopeOf } from './zone-scope.js';

/** An event about a record of one zone, or of several (none: only staff who see every zone see it). */
type ZonedEvent = { zoneId: string } | { zoneIds: string[] };

/**
 * The events of a topic about records of the subscriber's zones only: the one filter of every zone-scoped
 * subscription (deliveries, shifts, alerts, the inbox), so none can forget it.
 */
export function zoneScopedEvents<T extends ZonedEvent>(
  pubsub: PubSub,
  topic: string,
  revive: (payload: unknown) => T,
  user: StaffUser,
): Promise<EventStream<T>> {
  const scope = zoneScopeOf(user);
  return pubsub.subscribe(topic, revive, (event) =>
    isWithinScope(scope, 'zoneIds' in event ? event.zoneIds : [event.zoneId]),
  );
}
