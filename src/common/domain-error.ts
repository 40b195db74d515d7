/** Codes a client can rely on; one place (graphql-errors.ts) maps them to GraphQL errors. */
export type DomainErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN';

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
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

  static unauthenticated(message = 'A valid staff token is required'): DomainError {
    return new DomainError('UNAUTHENTICATED', message);
  }
}
