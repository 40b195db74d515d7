import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useEffect } from 'react';
import { useQuery, useSubscription, type AnyVariables, type UseQueryArgs, type UseQueryResponse } from 'urql';

/** How often a query the schema has no subscription for (the inbox, the dashboard's counts) is re-read. */
export const LIVE_REFRESH_MS = 5_000;

/**
 * A query kept current by a subscription without variables (`deliveryRequestUpdated`, `shiftUpdated`): every pushed
 * entity is written into the normalized cache in place, and the client drops the lists it may have joined or left
 * (`createApiClient`), so the screen follows every change without polling.
 */
export function useLiveQuery<Data, Variables extends AnyVariables>(
  args: UseQueryArgs<Variables, Data>,
  changes: TypedDocumentNode<unknown, Record<string, never>>,
): UseQueryResponse<Data, Variables> {
  const response = useQuery<Data, Variables>(args);
  useSubscription({ query: changes, pause: args.pause });
  return response;
}

/** A query the schema has no subscription for, re-read from the network every LIVE_REFRESH_MS. */
export function usePolledQuery<Data, Variables extends AnyVariables>(
  args: UseQueryArgs<Variables, Data>,
): UseQueryResponse<Data, Variables> {
  const response = useQuery<Data, Variables>(args);
  const reexecute = response[1];
  useEffect(() => {
    if (args.pause) return;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reexecute, args.pause]);
  return response;
}
