import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { createClient as createSocketClient } from 'graphql-ws';
import { Client, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import type { SessionStore } from '../auth/session';

/** Drops every cached page of a root list, so the next read of any screen showing it goes to the API. */
function invalidateList(cache: Cache, fieldName: string): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === fieldName) cache.invalidate('Query', field.fieldName, field.arguments);
  }
}

/** Mutations that add to, or take out of, lists the cache holds. */
const listsChangedBy: Record<string, string[]> = {
  createDeliveryRequest: ['deliveryRequests'],
  assignDelivery: ['deliveryRequests'],
  offerDelivery: ['deliveryRequests', 'suggestVolunteers'],
  autoDispatch: ['deliveryRequests', 'suggestVolunteers'],
  cancelDeliveryRequest: ['deliveryRequests'],
  updateDeliveryStatus: ['deliveryRequests'],
  importVolunteers: ['volunteers'],
  createVolunteer: ['volunteers'],
  createShift: ['shifts'],
  createShiftSeries: ['shifts'],
  updateShift: ['shifts'],
  claimShift: ['shifts'],
  checkIn: ['shifts'],
  sendBroadcast: ['broadcasts'],
  sendMessage: ['messages', 'inbox'],
  markInboxHandled: ['inbox'],
  markFalseAlarm: ['alerts'],
  resolveAlert: ['alerts'],
  createStaffUser: ['staffUsers'],
  createTrainingEvent: ['trainingEvents'],
  updateTrainingEvent: ['trainingEvents'],
  publishTrainingEvent: ['trainingEvents'],
  cancelTrainingEvent: ['trainingEvents'],
  registerAttendee: ['trainingEvents'],
};

/** Subscriptions whose entity may have joined or left a list (a new request, a status the filter no longer matches). */
const listsChangedByPush: Record<string, string[]> = {
  deliveryRequestUpdated: ['deliveryRequests'],
  shiftUpdated: ['shifts'],
  alertUpdated: ['alerts'],
  inboxUpdated: ['inbox'],
};

const invalidating = (changes: Record<string, string[]>) =>
  Object.fromEntries(
    Object.entries(changes).map(([mutation, lists]) => [
      mutation,
      (_result: unknown, _args: unknown, cache: Cache) =>
        lists.forEach((list) => invalidateList(cache, list)),
    ]),
  );

/** Types without an id: stored inside their parent, not normalized. */
const embedded = [
  'Actor',
  'AlertActor',
  'AlertResponder',
  'AlertTransition',
  'AlertVerification',
  'AvailabilityWindow',
  'BroadcastPreview',
  'BroadcastTextPreview',
  'DeliveryTransition',
  'ImportRowError',
  'LanguageBody',
  'LoginResult',
  'PageInfo',
  'VolunteerImportResult',
  'VolunteerMatch',
  ...[
    'Alert',
    'AuditEntry',
    'Broadcast',
    'DeliveryRequest',
    'Message',
    'Shift',
    'StaffUser',
    'TrainingEvent',
    'Volunteer',
  ].flatMap((type) => [`${type}Connection`, `${type}Edge`]),
];

/**
 * urql with a normalized cache (graphcache): an entity read by one screen (a request, a broadcast's counts) is the
 * same object on every other. Queries and mutations over HTTP, subscriptions over graphql-ws on the same origin,
 * both with the staff token. An UNAUTHENTICATED answer (the token expired or the user was removed) signs out.
 */
export function createApiClient(session: SessionStore): Client {
  const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const sockets = createSocketClient({
    url: socketUrl,
    lazy: true,
    connectionParams: () => (session.token ? { Authorization: `Bearer ${session.token}` } : {}),
  });
  // A new token (another sign-in) needs a new connection: the old one was authenticated as someone else.
  session.subscribe(() => sockets.terminate());
  return new Client({
    url: '/graphql',
    exchanges: [
      cacheExchange({
        keys: Object.fromEntries(embedded.map((type) => [type, () => null])),
        updates: { Mutation: invalidating(listsChangedBy), Subscription: invalidating(listsChangedByPush) },
      }),
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((problem) => problem.extensions?.code === 'UNAUTHENTICATED')) {
            session.signOut('expired');
          }
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = sockets.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
    fetchOptions: (): RequestInit => ({
      headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
    }),
    requestPolicy: 'cache-and-network',
    // POST with a JSON body: Apollo's CSRF guard refuses a GET without a preflight header, and a query string
    // would put variables (a search term, a phone) in access logs.
    preferGetMethod: false,
  });
}
