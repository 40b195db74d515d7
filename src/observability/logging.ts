import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CountryCode } from 'libphonenumber-js';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { maskPhones } from './phone-masking.js';
import { errorName, serializeError } from './safe-error.js';

/** Structured fields that may carry a phone, an address, a body or a secret: redacted by path. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.body',
  'req.query',
  'res.headers["set-cookie"]',
  '*.phone',
  '*.to',
  '*.from',
  '*.body',
  '*.address',
  '*.contactPhone',
  '*.notes',
  '*.password',
  '*.token',
];

/** Nest's start-up chatter (one line per module, controller and route): debug, so `info` starts with what matters. */
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'GraphQLModule',
]);
const INFO = 30;

type LogArgs = [unknown, ...unknown[]];

/**
 * The message line of an error logged without one, where pino would use the error's own message: its class and
 * code. Nest's `error(message, stack)` arrives as an error made of the two; a message that is not the stack's own
 * ("Unable to connect to the database. Retrying (1)...") is the caller's, and stays.
 */
function messageOf(error: Error): string {
  return error.message !== '' && !error.stack?.includes(error.message) ? error.message : errorName(error);
}

/**
 * Nest logs an error thrown by a shutdown hook as `error(error)` with the error's stack where the context name goes,
 * and a stack starts with the message (which may quote a value): a multi-line context is no context, so it is
 * dropped; `err` carries the error, serialized safely.
 */
function withoutStackAsContext(first: unknown): unknown {
  const { context, ...rest } = (first ?? {}) as { context?: unknown };
  return typeof context === 'string' && context.includes('\n') ? rest : first;
}

/** Every line's arguments made safe: phones masked in its texts, an error's message left out. */
function safeArgs(args: LogArgs, region: CountryCode): LogArgs {
  const mask = (arg: unknown) => (typeof arg === 'string' ? maskPhones(arg, region) : arg);
  const [first, ...rest] = args;
  const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
  const hasMessage =
    typeof rest[0] === 'string' || typeof (first as { msg?: unknown } | null)?.msg === 'string';
  if (error instanceof Error && !hasMessage) rest.unshift(messageOf(error));
  const object = first instanceof Error ? { err: first } : withoutStackAsContext(first);
  const { msg } = (object ?? {}) as { msg?: unknown };
  const fields = typeof msg === 'string' ? { ...(object as object), msg: mask(msg) } : object;
  return [mask(fields), ...rest.map(mask)];
}

/** A path whose last part is a credential (a volunteer's calendar feed token): logged without it. */
const CREDENTIAL_PATH = /^(\/calendar\/)[^/]+$/;

/** The pino settings of every process (API, worker, CLI): one redaction, one error serializer, one phone mask. */
export function pinoOptions(config: AppConfig): LoggerOptions & Params['pinoHttp'] {
  const region = config.defaultPhoneRegion;
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    serializers: {
      // Paths can carry ids but never phone numbers or credentials; query strings are dropped entirely.
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: maskPhones(req.url.split('?')[0] ?? '', region).replace(CREDENTIAL_PATH, '$1[token]'),
      }),
      err: serializeError,
      error: serializeError,
    },
    hooks: {
      logMethod(args: LogArgs, method: (...args: unknown[]) => void, level: number) {
        const context = (args[0] as { context?: unknown } | null)?.context;
        if (level === INFO && typeof context === 'string' && START_UP_CONTEXTS.has(context)) {
          (this.debug as (...debugArgs: unknown[]) => void).apply(this, args);
          return;
        }
        method.apply(this, safeArgs(args, region));
      },
    },
    autoLogging: {
      ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics',
    },
  };
}

/**
 * In development, lines a person reads (pino-pretty, a dev dependency), formatted in place and written as the dev
 * runner writes its own lines, so the two keep their order; elsewhere JSON, one object a line.
 */
async function destination(config: AppConfig): Promise<DestinationStream | undefined> {
  if (config.nodeEnv !== 'development') return undefined;
  const { prettyFactory } = await import('pino-pretty');
  const prettify = prettyFactory({
    colorize: process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat:
      '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}',
    singleLine: true,
  });
  return { write: (line: string) => void process.stdout.write(prettify(line)) };
}

export async function loggerParams(config: AppConfig): Promise<Params> {
  const stream = await destination(config);
  return { pinoHttp: stream ? [pinoOptions(config), stream] : pinoOptions(config) };
}

/** The logger of a process; `level` overrides the configured one (the CLI shows only warnings and errors). */
export function loggerModule(level?: string) {
  return LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => loggerParams(level ? { ...config, logLevel: level } : config),
  });
}
