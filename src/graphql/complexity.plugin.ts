import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Rejects an operation whose estimated cost (1 a field, or a field's `complexity`) exceeds the limit. */
export function complexityLimitPlugin(
  schema: () => GraphQLSchema,
  maxComplexity: number,
): ApolloServerPlugin {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<object>> {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema: schema(),
            operationName: request.operationName,
            query: document,
            variables: request.variables,
            estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw new GraphQLError(`Query is too complex: ${complexity}; the limit is ${maxComplexity}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            });
          }
        },
      };
    },
  };
}
