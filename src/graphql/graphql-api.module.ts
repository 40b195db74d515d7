import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import type { ServerOptions } from 'graphql-ws';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { formatGraphQLError } from '../common/graphql-errors.js';
import { MetricsModule } from '../observability/metrics.module.js';
import { MetricsService } from '../observability/metrics.service.js';
import { complexityLimitPlugin } from './complexity.plugin.js';
import { noStorePlugin } from './no-store.plugin.js';
import { MAX_ALIASES, MAX_RECURSIVE_SELECTIONS, MAX_TOKENS } from './query-limits.js';
import { webSocketRefusals, type WebSocketOperationOptions } from './websocket-operations.js';

type HttpContext = { req: object; res: object };
type SubscriptionContext = { connectionParams?: Record<string, unknown> };

function formatOverWebSocket(error: GraphQLError): GraphQLFormattedError {
  return formatGraphQLError(error.toJSON(), error);
}

/**
 * graphql-ws runs outside Apollo: a payload meets the same parse and validation bounds first (webSocketRefusals),
 * and its results, which skip Apollo's formatError, the same one error mapping.
 */
function graphqlWsOptions(
  schema: () => GraphQLSchema,
  refusalOptions: WebSocketOperationOptions,
): Partial<ServerOptions> {
  return {
    onSubscribe: (_context, _id, payload) => webSocketRefusals(schema(), payload, refusalOptions),
    onNext: (_context, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map(formatOverWebSocket) } : undefined,
    onError: (_context, _id, _payload, errors) => errors.map(formatOverWebSocket),
  };
}

/** Subscriptions carry the staff token in graphql-ws connection params; resolvers see it as a request header. */
function requestContext(context: HttpContext | SubscriptionContext): object {
  if ('req' in context && context.req) return { req: context.req, res: context.res };
  const params = (context as SubscriptionContext).connectionParams ?? {};
  const authorization = params.Authorization ?? params.authorization;
  return {
    req: { headers: { authorization: typeof authorization === 'string' ? authorization : undefined } },
  };
}

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [MetricsModule],
      inject: [APP_CONFIG, GraphQLSchemaHost, MetricsService],
      useFactory: (config: AppConfig, schemaHost: GraphQLSchemaHost, metrics: MetricsService) => {
        // In production the schema is not for strangers to read: no introspection, no "Did you mean …" hints.
        const hideSchema = config.nodeEnv === 'production';
        const limitRules = [
          depthLimit(config.graphqlMaxDepth),
          maxAliasesRule({
            n: MAX_ALIASES,
            // Reported as a validation error (HTTP 400) rather than thrown out of validation.
            propagateOnRejection: false,
            onReject: [(context, error) => context?.reportError(error)],
          }),
        ];
        return {
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          // No explorer page in any environment: Nest's default GraphiQL loads its scripts from a CDN (offline it
          // fails, and it is a third-party script on a staff page). A bundled one would ship an editor and a page
          // build for developers who already have curl or a desktop GraphQL client; see docs/api.md.
          graphiql: false,
          introspection: !hideSchema,
          hideSchemaDetailsFromClientErrors: hideSchema,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphQLError,
          // TOO_MANY_REQUESTS and SERVICE_UNAVAILABLE answer 429 and 503 (DomainError's `extensions.http`), not 200.
          preserveHttpStatusForExecutionErrors: false,
          parseOptions: { maxTokens: MAX_TOKENS },
          // Set, this also makes Apollo run `validationRules` only once the standard rules (NoFragmentCycles among
          // them) and this cap have passed: the rules below never meet a cyclic or exploding document.
          maxRecursiveSelections: MAX_RECURSIVE_SELECTIONS,
          validationRules: limitRules,
          plugins: [
            complexityLimitPlugin({
              schema: () => schemaHost.schema,
              maxComplexity: config.graphqlMaxComplexity,
              hideSuggestions: hideSchema,
            }),
            metrics.graphqlPlugin(),
            ApolloServerPluginCacheControlDisabled(),
            noStorePlugin(),
          ],
          subscriptions: {
            'graphql-ws': graphqlWsOptions(() => schemaHost.schema, {
              limitRules,
              maxComplexity: config.graphqlMaxComplexity,
              hideSuggestions: hideSchema,
            }),
          },
          context: requestContext,
        };
      },
    }),
  ],
})
export class GraphQLApiModule {}
