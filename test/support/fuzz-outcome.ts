import type { GraphQLResponse } from './test-app.js';

/**
 * Refusals a fuzzed call may get besides BAD_USER_INPUT: an unknown id, a state that forbids it, a rule of roles,
 * a login's wrong password, a rate limit (reportAlert's, for one, stops most of a fuzz run's calls).
 */
const OTHER_REFUSALS = new Set([
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'TOO_MANY_REQUESTS',
]);

/**
 * What is wrong with the answer to a fuzzed GraphQL call, or null when it is fine: never HTTP 500 nor an error
 * without one of our codes, and every BAD_USER_INPUT a field error (`extensions.field` set, and named in the
 * message, as src/common/graphql-errors.ts carries it).
 */
export function fuzzFault(status: number, body: GraphQLResponse): string | null {
  if (status >= 500) return `HTTP ${status}`;
  for (const error of body.errors ?? []) {
    const code = error.extensions?.code;
    const field = error.extensions?.field;
    if (code === 'BAD_USER_INPUT') {
      if (typeof field !== 'string' || field === '' || !error.message.includes(field))
        return `BAD_USER_INPUT naming no field: ${error.message.slice(0, 160)}`;
    } else if (typeof code !== 'string' || !OTHER_REFUSALS.has(code)) {
      return `${code ?? 'NO_CODE'}: ${error.message.slice(0, 160)}`;
    }
  }
  return null;
}

/**
 * A client address of its own for fuzz case `n` (198.18.0.0/15, for benchmarks), sent as X-Forwarded-For (the
 * loopback proxy is trusted by default): the per-address rate limits would otherwise refuse most of a fuzz run
 * before it reaches the resolvers. The limits have tests of their own.
 */
export function fuzzClientAddress(n: number): string {
  return `198.${18 + Math.floor(n / 65_536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}
