/**
 * What a log may say about an error. Messages are left out: a database error's message, `detail`, `query` and
 * `parameters` quote the failing row (phones, names, message bodies), and so may any other error's message. What
 * is kept names the failure without its data: the class, a code (SQLSTATE, errno, Twilio's), the constraint,
 * table and column, and the stack frames (a stack's first line is the message, so it goes too).
 */
export interface LoggedError {
  type: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  syscall?: string;
  status?: number;
  stack?: string;
  cause?: LoggedError;
}

type ErrorLike = Error & Record<string, unknown>;

const MAX_CAUSES = 3;

/** Where a database error keeps its fields: on itself (pg) or on the driver error TypeORM wraps. */
function databaseField(error: ErrorLike, field: string): unknown {
  const driverError = error.driverError as Record<string, unknown> | undefined;
  return driverError?.[field] ?? error[field];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' ? String(value) : undefined;
}

/** The class; an error rebuilt from a stack (Nest's `Logger.error(message, stack)`) takes it from the stack's head. */
function typeOf(error: ErrorLike): string {
  const type =
    error.constructor?.name && error.constructor.name !== 'Object' ? error.constructor.name : error.name;
  const named = /^([A-Z][\w$]*)(?::|$)/.exec(error.stack ?? '')?.[1];
  return type === 'Error' && named ? named : type;
}

function framesOf(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length > 0 ? frames.join('\n') : undefined;
}

export function describeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: error === null ? 'null' : typeof error };
  const like = error as ErrorLike;
  const described: LoggedError = { type: typeOf(like) };
  const fields = {
    code: text(databaseField(like, 'code')),
    constraint: text(databaseField(like, 'constraint')),
    table: text(databaseField(like, 'table')),
    column: text(databaseField(like, 'column')),
    syscall: text(like.syscall),
    status: typeof like.status === 'number' ? like.status : undefined,
    stack: framesOf(like.stack),
    cause: like.cause !== undefined && depth < MAX_CAUSES ? describeError(like.cause, depth + 1) : undefined,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(described, { [key]: value });
  }
  return described;
}

/** `QueryFailedError (23505)`: the error's class and code, for a message line. */
export function errorName(error: unknown): string {
  const { type, code } = describeError(error);
  return code ? `${type} (${code})` : type;
}

/**
 * pino's serializer for `err` (and `error`). pino-http hands it its own serialization of the error, whose `raw`
 * is the error itself.
 */
export function serializeError(value: unknown): LoggedError {
  const raw = (value as { raw?: unknown } | null)?.raw;
  return describeError(raw instanceof Error ? raw : value);
}
