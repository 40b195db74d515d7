import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DomainError } from '../common/domain-error.js';
import { pageSizeEstimator } from './page-size.estimator.js';
import { MAX_RECURSIVE_SELECTIONS } from './query-limits.js';
import { variableProblems } from './variable-problems.js';

export interface ComplexityLimitOptions {
  schema: () => GraphQLSchema;
  maxComplexity: number;
  /** Leave "Did you mean …" out of variable errors (where introspection is off). */
  hideSuggestions: boolean;
}

/** A refusal before execution: Apollo answers HTTP 500 for errors thrown here unless they carry their status. */
function malformedRequest(message: string, options: { code?: string; originalError?: Error }): GraphQLError {
  return new GraphQLError(message, {
    originalError: options.originalError,
    extensions: { ...(options.code ? { code: options.code } : {}), http: { status: 400 } },
  });
}

function tooComplex(message: string): GraphQLError {
  return malformedRequest(message, { code: 'GRAPHQL_VALIDATION_FAILED' });
}

/** The operation to run with the fragments it may spread, so the count never meets another operation. */
function operationDocument(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
}

/**
 * The estimated cost of an operation: 1 a field (or a field's `complexity`), and under a connection, its children
 * once per node (`first`). Throws a GraphQLError past MAX_RECURSIVE_SELECTIONS nodes, before counting them all.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  return getComplexity({
    schema,
    query: operationDocument(document, operation),
    variables,
    maxQueryNodes: MAX_RECURSIVE_SELECTIONS,
    estimators: [fieldExtensionsEstimator(), pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/**
 * Rejects an operation whose estimated cost exceeds the limit: 1 a field (or a field's `complexity`), and under a
 * connection, its children once per node (`first`). Variables are checked first, so a wrongly typed one is a
 * BAD_USER_INPUT naming its field (HTTP 400), and the cost is counted with the values that will run.
 */
export function complexityLimitPlugin(options: ComplexityLimitOptions): ApolloServerPlugin {
  const { maxComplexity, hideSuggestions } = options;
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<object>> {
      return {
        async didResolveOperation({ request, document, operation }) {
          // No single operation to run: graphql-js answers that itself (OPERATION_RESOLUTION_FAILURE).
          if (!operation) return;
          const schema = options.schema();
          const problems = variableProblems(schema, operation, request.variables, hideSuggestions);
          if (problems.length > 0) {
            const error = DomainError.badInputs(problems);
            throw malformedRequest(error.message, { originalError: error });
          }
          let complexity: number;
          try {
            complexity = operationCost(schema, document, operation, request.variables);
          } catch (error) {
            // getComplexity throws a GraphQLError when an operation has more nodes than it will count.
            if (error instanceof GraphQLError) throw tooComplex(error.message);
            throw error;
          }
          if (complexity > maxComplexity) {
            throw tooComplex(`Query is too complex: ${complexity}; the limit is ${maxComplexity}`);
          }
        },
      };
    },
  };
}
