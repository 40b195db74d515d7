import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** Anything shaped like a phone number inside a log line is masked; structured fields are redacted by path. */
const PHONE_PATTERN = /\+?\d[\d\s().-]{7,}\d/g;

export function scrubPhones(text: string): string {
  return text.replace(PHONE_PATTERN, '[phone]');
}

/**
 * What to log of an error whose message may quote what failed (a body, a number, a SQL value): its class and,
 * for database errors, the PostgreSQL error code.
 */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}

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

export function loggerModule() {
  return LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      pinoHttp: {
        level: config.logLevel,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        genReqId: (req: IncomingMessage) => {
          const given = req.headers['x-request-id'];
          return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        },
        // Paths can carry ids but never phone numbers; query strings are dropped entirely.
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: scrubPhones(req.url.split('?')[0] ?? ''),
          }),
        },
        hooks: {
          logMethod(args: unknown[], method: (...args: unknown[]) => void) {
            method.apply(
              this,
              args.map((arg) => (typeof arg === 'string' ? scrubPhones(arg) : arg)),
            );
          },
        },
        autoLogging: {
          ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics',
        },
      },
    }),
  });
}
