import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { DomainError } from '../common/domain-error.js';
import { operationCost } from './complexity.plugin.js';
import { MAX_TOKENS } from './query-limits.js';
import { variableProblems } from './variable-problems.js';

/** Over graphql-ws only subscriptions: queries and mutations go over HTTP, where every query limit applies. */
const OnlySubscriptionsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== OperationTypeNode.SUBSCRIPTION) {
      context.reportError(
        new GraphQLError(
          `Only subscriptions are served over graphql-ws; send a ${node.operation} over HTTP`,
          {
            nodes: [node],
          },
        ),
      );
    }
  },
});

export interface WebSocketOperationOptions {
  /** The query limits' rules (depth, aliases), run once the standard rules have passed, as Apollo runs them. */
  limitRules: ValidationRule[];
  maxComplexity: number;
  /** Leave "Did you mean …" out of errors (production), as Apollo's hideSchemaDetailsFromClientErrors does. */
  hideSuggestions: boolean;
}

/**
 * Why graphql-ws must not run this payload, as coded errors (shown by the one error mapping), or undefined to let
 * it run. graphql-ws parses and validates outside Apollo's pipeline: without this a socket ran any query (no token,
 * alias or cost limit), answered introspection in production, and masked every refusal as INTERNAL_SERVER_ERROR.
 */
export function webSocketRefusals(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  options: WebSocketOperationOptions,
): readonly GraphQLError[] | undefined {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    if (error instanceof GraphQLError) return [coded(error, 'GRAPHQL_PARSE_FAILED', options)];
    throw error;
  }
  const standard = validate(schema, document, [...specifiedRules, OnlySubscriptionsRule]);
  if (standard.length > 0) return standard.map((error) => coded(error, 'GRAPHQL_VALIDATION_FAILED', options));
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) {
    return [
      new GraphQLError('Unable to identify operation', {
        extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
      }),
    ];
  }
  const problems = variableProblems(schema, operation, payload.variables ?? {}, options.hideSuggestions);
  if (problems.length > 0) {
    const error = DomainError.badInputs(problems);
    return [new GraphQLError(error.message, { originalError: error })];
  }
  // Counted before the limit rules, which would take exponential time on fragments that fan out.
  let cost: number;
  try {
    cost = operationCost(schema, document, operation, payload.variables ?? undefined);
  } catch (error) {
    if (error instanceof GraphQLError) return [coded(error, 'GRAPHQL_VALIDATION_FAILED', options)];
    throw error;
  }
  if (cost > options.maxComplexity) {
    const message = `Query is too complex: ${cost}; the limit is ${options.maxComplexity}`;
    return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
  }
  const limits = validate(schema, document, options.limitRules);
  if (limits.length > 0) return limits.map((error) => coded(error, 'GRAPHQL_VALIDATION_FAILED', options));
  return undefined;
}

function coded(error: GraphQLError, code: string, options: WebSocketOperationOptions): GraphQLError {
  const message = options.hideSuggestions
    ? error.message.replace(/ ?Did you mean(.+?)\?$/, '')
    : error.message;
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, extensions: { code } });
}
