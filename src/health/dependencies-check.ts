import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { redisEndpoint } from '../redis/redis-availability.js';

/** Each dependency gets this long to answer at start; they are tried together. */
export const START_CHECK_TIMEOUT_MS = 5000;

/** A dependency a process cannot start without did not answer; the message names it by host and port only. */
export class DependencyUnreachableError extends Error {
  constructor(readonly unreachable: string[]) {
    super(unreachable.join('; '));
    this.name = 'DependencyUnreachableError';
  }
}

function postgresEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

/** Why a connection failed, without its message (which may quote the URL): the socket or PostgreSQL code. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error && /timeout|timed out/i.test(error.message) ? 'timed out' : 'no answer';
}

async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: START_CHECK_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: START_CHECK_TIMEOUT_MS,
    commandTimeout: START_CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // connect() only says "Connection is closed."; the socket's own error (ECONNREFUSED…) comes as an event.
  let socketError: unknown = null;
  client.on('error', (error: unknown) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw socketError ?? error;
  } finally {
    client.disconnect();
  }
}

/**
 * Both processes need PostgreSQL and Redis from their first request or job: rather than start and fail later
 * (or wait forever), a process refuses to start when either does not answer within START_CHECK_TIMEOUT_MS.
 */
export async function assertDependenciesReachable(config: AppConfig): Promise<void> {
  const checks = [
    { name: `PostgreSQL at ${postgresEndpoint(config.databaseUrl)}`, run: checkPostgres(config.databaseUrl) },
    { name: `Redis at ${redisEndpoint(config.redisUrl)}`, run: checkRedis(config.redisUrl) },
  ];
  const outcomes = await Promise.allSettled(checks.map((check) => check.run));
  const unreachable = outcomes.flatMap((outcome, index) =>
    outcome.status === 'rejected'
      ? [`${checks[index].name} is unreachable (${reasonOf(outcome.reason)})`]
      : [],
  );
  if (unreachable.length > 0) throw new DependencyUnreachableError(unreachable);
}
