import { jest } from '@jest/globals';
import { ForbiddenException, HttpException, HttpStatus, Logger, UnauthorizedException } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error.js';
import { formatGraphQLError } from './graphql-errors.js';

const PATH = ['createVolunteer'];
const LOCATIONS = [{ line: 1, column: 12 }];

/** What Apollo hands formatError for an error thrown inside a resolver: a GraphQLError wrapping it. */
function fromResolver(thrown: unknown): [GraphQLFormattedError, GraphQLError] {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const wrapped = new GraphQLError(message, {
    path: PATH,
    originalError: thrown instanceof Error ? thrown : undefined,
  });
  return [
    { message, path: PATH, locations: LOCATIONS, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    wrapped,
  ];
}

describe('formatGraphQLError', () => {
  let logged: jest.SpiedFunction<Logger['error']>;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps the code and the field of a bad-input domain error', () => {
    const result = formatGraphQLError(
      ...fromResolver(DomainError.badInput('phone', 'is not a valid phone number')),
    );
    expect(result).toEqual({
      message: 'phone: is not a valid phone number',
      path: PATH,
      locations: LOCATIONS,
      extensions: {
        code: 'BAD_USER_INPUT',
        field: 'phone',
        fields: [{ field: 'phone', message: 'is not a valid phone number' }],
      },
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('lists every field of a multi-field error, the first as `field`', () => {
    const result = formatGraphQLError(
      ...fromResolver(
        DomainError.badInputs([
          { field: 'input.name', message: 'must not be empty' },
          { field: 'input.zoneIds', message: 'must hold zone ids' },
        ]),
      ),
    );
    expect(result.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.name',
      fields: [
        { field: 'input.name', message: 'must not be empty' },
        { field: 'input.zoneIds', message: 'must hold zone ids' },
      ],
    });
  });

  it.each([
    [DomainError.notFound('Volunteer', '42'), 'NOT_FOUND', 'Volunteer 42 was not found'],
    [DomainError.conflict('already assigned'), 'CONFLICT', 'already assigned'],
    [DomainError.forbidden(), 'FORBIDDEN', 'Your role may not do this'],
    [DomainError.unauthenticated(), 'UNAUTHENTICATED', 'A valid staff token is required'],
  ])('keeps the code of other domain errors (%#)', (error, code, message) => {
    const result = formatGraphQLError(...fromResolver(error));
    expect(result.message).toBe(message);
    expect(result.extensions).toEqual({ code, field: undefined, fields: undefined });
  });

  it.each([
    [
      new HttpException('Too many requests; try again shortly', HttpStatus.TOO_MANY_REQUESTS),
      'TOO_MANY_REQUESTS',
    ],
    [new ForbiddenException('Forbidden resource'), 'FORBIDDEN'],
    [new UnauthorizedException('Unauthorized'), 'UNAUTHENTICATED'],
  ])('maps an HttpException to its code (%#)', (error, code) => {
    const result = formatGraphQLError(...fromResolver(error));
    expect(result).toEqual({
      message: error.message,
      path: PATH,
      locations: LOCATIONS,
      extensions: { code },
    });
  });

  it.each([
    ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nope" on type "Query".'],
    ['GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found <EOF>.'],
    [
      'BAD_USER_INPUT',
      'Variable "$first" got invalid value "x"; Int cannot represent non-integer value: "x"',
    ],
  ])('passes %s errors from GraphQL itself through', (code, message) => {
    const error = new GraphQLError(message, { extensions: { code } });
    const result = formatGraphQLError({ message, locations: LOCATIONS, extensions: { code } }, error);
    expect(result).toEqual({ message, locations: LOCATIONS, path: undefined, extensions: { code } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('masks an unexpected error and logs it instead', () => {
    const internal = new Error(
      'duplicate key value violates unique constraint "UQ_volunteers_phone" in INSERT INTO volunteers',
    );
    const [formatted, error] = fromResolver(internal);
    const result = formatGraphQLError(
      { ...formatted, extensions: { ...formatted.extensions, stacktrace: ['at x'] } },
      error,
    );
    expect(result).toEqual({
      message: 'Internal server error',
      path: PATH,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toMatch(/UQ_|INSERT|volunteers|stacktrace/);
    // The error goes to the log's serializer, which keeps its class and code, never its message.
    expect(logged).toHaveBeenCalledWith({ msg: 'unexpected error', err: internal });
  });

  it('masks other GraphQLErrors, HTTP errors without a code, and thrown non-errors', () => {
    const cases: [GraphQLFormattedError, unknown][] = [
      // A resolver's own GraphQLError with a code outside the client-error set is a fault of ours.
      fromResolver(new GraphQLError('secret detail', { extensions: { code: 'SOMETHING_ELSE' } })),
      fromResolver(new HttpException('teapot detail', HttpStatus.I_AM_A_TEAPOT)),
      fromResolver(new HttpException('gateway detail', HttpStatus.BAD_GATEWAY)),
      [{ message: 'string detail', path: PATH }, 'string detail'],
    ];
    for (const [formatted, error] of cases) {
      const result = formatGraphQLError(formatted, error);
      expect(result).toEqual({
        message: 'Internal server error',
        path: PATH,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
    expect(logged).toHaveBeenCalledTimes(cases.length);
  });
});
