import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { errorName } from '../observability/safe-error.js';

/** Codes of the errors a connection reports while Redis is away (refused, reset, unreachable, timed out). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * What an ioredis or BullMQ connection says while Redis is away: a socket error, or the command it refused.
 * Duck-typed: socket errors come from Node's own realm, which `instanceof Error` misses under Jest's VM modules.
 */
export function isRedisConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as ErrorLike;
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return (
    typeof message === 'string' &&
    /Connection is closed|Stream isn't writeable|Command timed out|connect ETIMEDOUT/.test(message)
  );
}

/**
 * What a log line may say about an error from BullMQ or ioredis. BullMQ's own job-state errors (a job's key or lock
 * gone, as when Redis loses its data) carry a negative code and a message naming only the job and the command: kept,
 * since the job id is what an operator needs. Anything else (a connection, a driver) is named by its class and code.
 */
export function redisErrorMessage(error: unknown): string {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  return typeof code === 'number' && code < 0 && typeof message === 'string' ? message : errorName(error);
}

/**
 * Logs a failure at `level`, or at debug when it is Redis being away: the outage itself is logged once, when it
 * starts (RedisAvailability), not by every caller on every attempt.
 */
export function logUnlessOutage(logger: Logger, level: 'warn' | 'error', msg: string, error: unknown): void {
  const line = { msg, err: error };
  if (isRedisConnectionError(error)) logger.debug(line);
  else logger[level](line);
}

/** `host:port` of a Redis URL, for log lines: never its user or password. */
export function redisEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'an unparsable REDIS_URL';
  }
}

/**
 * Whether this process reaches Redis right now, as its connections report it. Every Redis connection of the
 * process hands its `error` events here (ioredis prints "[ioredis] Unhandled error event" for each reconnect
 * attempt otherwise), and the outage is logged once when it starts and once when it ends.
 */
@Injectable()
export class RedisAvailability {
  private readonly logger = new Logger('Redis');
  private readonly endpoint: string;
  private reachable = true;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.endpoint = redisEndpoint(config.redisUrl);
  }

  get isReachable(): boolean {
    return this.reachable;
  }

  /**
   * A connection whose state is Redis's state for this process: its connection errors mark Redis unreachable,
   * its `ready` (after a reconnect) reachable again.
   */
  follow<T extends EventEmitter>(client: T): T {
    this.handleErrors(client, 'connection');
    client.on('ready', () => this.markReachable());
    return client;
  }

  /**
   * Takes the `error` events of a connection or of a library object that owns one (a BullMQ queue or worker):
   * connection errors count towards the outage; anything else (e.g. a job lost with Redis's data, which the outbox
   * reconciler re-dispatches) is a warning naming the owner.
   */
  handleErrors(emitter: EventEmitter, owner: string): void {
    emitter.on('error', (error: unknown) => {
      if (isRedisConnectionError(error)) this.markUnreachable(error as ErrorLike);
      else this.logger.warn({ msg: `${owner}: ${redisErrorMessage(error)}`, err: error });
    });
  }

  private markUnreachable(error: ErrorLike): void {
    if (!this.reachable) return;
    this.reachable = false;
    const reason = error.code ?? error.name;
    this.logger.warn(
      `Redis at ${this.endpoint} is unreachable (${String(reason)}); degraded until it is back: ` +
        'rate limits count per process, texts wait in PostgreSQL for the queue, subscriptions are refused',
    );
  }

  private markReachable(): void {
    if (this.reachable) return;
    this.reachable = true;
    this.logger.log(`Redis at ${this.endpoint} is reachable again`);
  }
}
