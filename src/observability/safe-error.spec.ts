import { describeError, errorName, serializeError } from './safe-error.js';

/** A driver error as pg raises it: the fields PostgreSQL sends, some of which quote the row. */
function pgError(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "UQ_volunteers_phone"'), {
    code: '23505',
    constraint: 'UQ_volunteers_phone',
    table: 'volunteers',
    detail: 'Key (phone)=(+14145550101) already exists.',
  });
}

describe('describeError', () => {
  it('keeps the class, the code, the constraint, the table and the stack frames, not the message', () => {
    const described = describeError(pgError());
    expect(described).toMatchObject({
      type: 'Error',
      code: '23505',
      constraint: 'UQ_volunteers_phone',
      table: 'volunteers',
    });
    expect(described.stack).toMatch(/^\s+at /);
    expect(JSON.stringify(described)).not.toMatch(/duplicate key|4145550101/);
  });

  it('takes the class from the head of a stack an error was rebuilt from (Nest’s error(message, stack))', () => {
    const rebuilt = new Error('invalid input syntax for type uuid: "+14145550101"');
    rebuilt.stack = `QueryFailedError: invalid input syntax for type uuid: "+14145550101"\n    at run (file.js:1:1)`;
    expect(describeError(rebuilt)).toEqual({ type: 'QueryFailedError', stack: '    at run (file.js:1:1)' });
  });

  it('describes causes, and what is thrown that is not an error by its type alone', () => {
    const wrapped = new Error('sending to +14145550101 failed', { cause: pgError() });
    expect(describeError(wrapped).cause).toMatchObject({ type: 'Error', code: '23505' });
    expect(describeError('+14145550101')).toEqual({ type: 'string' });
    expect(describeError(null)).toEqual({ type: 'null' });
    expect(errorName(new TypeError('no +14145550101'))).toBe('TypeError');
  });

  it('reads the error itself out of what pino-http hands its serializer', () => {
    const error = pgError();
    expect(serializeError({ type: 'Error', message: error.message, raw: error })).toEqual(
      describeError(error),
    );
  });
});
