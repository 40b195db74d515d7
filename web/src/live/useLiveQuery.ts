import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useQuery, useSubscription, type AnyVariables, type UseQueryArgs, type UseQueryResponse } from 'urql';

/**
 * A query kept current by a subscription without variables (`deliveryRequestUpdated`, `shiftUpdated`,
 * `inboxUpdated`): every pushed entity is written into the normalized cache in place, and the client drops the
 * lists it may have joined or left (`createApiClient`), so the screen follows every change without polling.
 */
export function useLiveQuery<Data, Variables extends AnyVariables>(
  args: UseQueryArgs<Variables, Data>,
  changes: TypedDocumentNode<unknown, Record<string, never>>,
): UseQueryResponse<Data, Variables> {
  const response = useQuery<Data, Variables>(args);
  useSubscription({ query: changes, pause: args.pause });
  return response;
}
