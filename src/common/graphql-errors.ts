import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { DomainError } from './domain-error.js';

const logger = new Logger('GraphQLErrors');

/** Codes Apollo and graphql-js produce for malformed requests; safe to show as they are. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

const HTTP_STATUS_CODES: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_USER_INPUT',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_REQUESTS',
};

/**
 * The one place where errors become what a GraphQL client sees. Domain errors keep their code and fields;
 * anything unexpected is logged with its stack and masked, so no internals (SQL, stack, data) leak.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    const fields = original.fields.length > 0 ? original.fields : undefined;
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, field: fields?.[0]?.field, fields },
    };
  }
  if (original instanceof HttpException) {
    const code = HTTP_STATUS_CODES[original.getStatus()];
    if (code) return { ...base, message: original.message, extensions: { code } };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError && typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  // Apollo's own refusals of a malformed request carry no code, only an HTTP 4xx (a persisted-query hash that does
  // not match its query, an unsupported persisted-query version).
  if (original instanceof GraphQLError && isClientHttpStatus(original.extensions.http)) {
    return { ...base, extensions: { code: 'BAD_REQUEST' } };
  }
  logger.error({ msg: 'unexpected error', err: original });
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function isClientHttpStatus(http: unknown): boolean {
  const status = (http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
