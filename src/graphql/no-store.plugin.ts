import type { ApolloServerPlugin } from '@apollo/server';

/**
 * `Cache-Control: no-store` on every GraphQL answer (staff data is never for a cache), as Apollo's default cache
 * control plugin set it. That plugin is disabled: it hooks every field's resolution to compute cache hints nobody
 * gives, which cost a list of 50 rows with their zones hundreds of wrapped resolver calls per request.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
