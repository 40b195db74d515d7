import { useEffect } from 'react';
import { useQuery, type AnyVariables, type UseQueryArgs, type UseQueryResponse } from 'urql';

/** How often lists without a subscription in the schema are re-read. */
export const LIVE_REFRESH_MS = 5_000;

/**
 * A query kept current. The schema has no subscription yet for delivery requests, shifts or the inbox, so this
 * re-reads from the network every LIVE_REFRESH_MS; the one place to swap for a subscription when they land.
 */
export function useLiveQuery<Data, Variables extends AnyVariables>(
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
