import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { formErrors } from './field-errors';

const NETWORK = 'The server could not be reached.';

describe('form errors from API answers', () => {
  it('puts each BAD_USER_INPUT problem next to the field it names', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('householdAlias: must not be empty; deliverBy: must be in the future', {
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'householdAlias',
            fields: [
              { field: 'householdAlias', message: 'must not be empty' },
              { field: 'deliverBy', message: 'must be in the future' },
            ],
          },
        }),
      ],
    });
    expect(formErrors(error, NETWORK)).toEqual({
      fields: { householdAlias: 'must not be empty', deliverBy: 'must be in the future' },
      general: [],
    });
  });

  it('keeps the first message of a field and reads `input.`-prefixed names as the field', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('bad', {
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [
              { field: 'input.seats', message: 'must be at least 1' },
              { field: 'seats', message: 'second opinion' },
            ],
          },
        }),
      ],
    });
    expect(formErrors(error, NETWORK).fields).toEqual({ seats: 'must be at least 1' });
  });

  it('shows other errors, and a bad input naming no field, above the form', () => {
    const error = new CombinedError({
      graphQLErrors: [
        new GraphQLError('The request is no longer open', { extensions: { code: 'CONFLICT' } }),
        new GraphQLError('bad', {
          extensions: { code: 'BAD_USER_INPUT', fields: [{ message: 'too many rows' }] },
        }),
      ],
    });
    expect(formErrors(error, NETWORK)).toEqual({
      fields: {},
      general: ['The request is no longer open', 'too many rows'],
    });
  });

  it('says the server was unreachable in words on a network error', () => {
    const error = new CombinedError({ networkError: new TypeError('Failed to fetch') });
    expect(formErrors(error, NETWORK)).toEqual({ fields: {}, general: [NETWORK] });
  });

  it('has nothing to say without an error', () => {
    expect(formErrors(undefined, NETWORK)).toEqual({ fields: {}, general: [] });
  });
});
