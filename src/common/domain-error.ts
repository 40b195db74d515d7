/** Codes a client can rely on; one place (graphql-errors.ts) maps them to GraphQL errors. */
export type DomainErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

/** Codes a GraphQL response answers with their HTTP status too (the others are HTTP 200, as GraphQL has it). */
const GRAPHQL_HTTP_STATUS: Partial<Record<DomainErrorCode, number>> = {
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** When to try again, for TOO_MANY_REQUESTS and SERVICE_UNAVAILABLE (the `Retry-After` header). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /**
   * The response's HTTP status and headers, for Apollo: graphql-js copies an original error's `extensions` onto
   * the GraphQLError, and Apollo takes `extensions.http` from there (and drops it from what the client sees).
   */
  get extensions(): { http: { status: number; headers: Map<string, string> } } | undefined {
    const status = GRAPHQL_HTTP_STATUS[this.code];
    if (status === undefined) return undefined;
    const headers = new Map<string, string>();
    if (this.retryAfterSeconds !== null) headers.set('retry-after', String(this.retryAfterSeconds));
    return { http: { status, headers } };
  }

  /** Bad input on one field: the message names the field, so a person can fix it. */
  static badInput(field: string, message: string): DomainError {
    return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, [{ field, message }]);
  }

  static badInputs(fields: FieldProblem[]): DomainError {
    const summary = fields.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    return new DomainError('BAD_USER_INPUT', summary, fields);
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} ${id} was not found`);
  }

  static conflict(message: string): DomainError {
    return new DomainError('CONFLICT', message);
  }

  static forbidden(message = 'Your role may not do this'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static tooManyRequests(retryAfterMs: number): DomainError {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new DomainError('TOO_MANY_REQUESTS', `Too many requests; try again in ${seconds} s`, [], seconds);
  }

  /** What needs a dependency that is down right now (Redis, for subscriptions). */
  static serviceUnavailable(message: string, retryAfterSeconds = 5): DomainError {
    return new DomainError('SERVICE_UNAVAILABLE', message, [], retryAfterSeconds);
  }

  static unauthenticated(message = 'A valid staff token is required'): DomainError {
    return new DomainError('UNAUTHENTICATED', message);
  }
}
