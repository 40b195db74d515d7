import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/config.js';
import { freePort } from './support/free-port.js';
import { dropDatabase, isolatedEnv } from './support/test-app.js';
import { currentTestRun } from './support/test-run.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The goal is ~10 s; the margin is for a loaded machine. */
const EXIT_BOUND_MS = 20_000;
const DATABASE_PASSWORD = 'pg-pass-do-not-print';
const REDIS_PASSWORD = 'redis-pass-do-not-print';

interface Exit {
  code: number | null;
  ms: number;
  lines: string[];
}

/**
 * Runs a built entry point in an empty folder (no .env) with exactly `env`, until it exits — or, given
 * `stopAt`, until a line matches it, then stops it with SIGTERM.
 */
async function run(entry: string, env: Record<string, string>, stopAt?: RegExp): Promise<Exit> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist/src', entry)], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (stopAt?.test(output)) child.kill('SIGTERM');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_BOUND_MS + 10_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  return { code, ms: Math.round(performance.now() - started), lines: output.split('\n').filter(Boolean) };
}

describe('start-up against unreachable dependencies (the built processes)', () => {
  let env: Record<string, string>;
  let closed: number;
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    closed = await freePort();
    const database = new URL(currentTestRun().adminUrl);
    database.password = DATABASE_PASSWORD;
    env = {
      DATABASE_URL: database.toString(),
      // No password: this Redis has none, and ioredis warns (in plain text) when given one it does not need.
      REDIS_URL: currentTestRun().redisUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      QUEUE_PREFIX: `vecino-startup-${randomBytes(3).toString('hex')}`,
      RUN_MIGRATIONS_ON_START: 'false',
      PORT: String(await freePort()),
    };
  }, 180_000);
  afterAll(() => process.stdout.write(`start-up failure timings (ms): ${JSON.stringify(measured)}\n`));

  const neverPrintsASecret = (exit: Exit) => {
    const text = exit.lines.join('\n');
    expect(text).not.toContain(DATABASE_PASSWORD);
    expect(text).not.toContain(REDIS_PASSWORD);
  };

  it.each(['main.js', 'worker.js'])(
    '%s exits non-zero at once, in one line naming Redis by host and port, when Redis is down',
    async (entry) => {
      const exit = await run(entry, { ...env, REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${closed}` });
      measured[`${entry} redis down`] = exit.ms;
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(exit.ms).toBeLessThan(EXIT_BOUND_MS);
      expect(exit.lines).toEqual([
        `vecino cannot start: Redis at 127.0.0.1:${closed} is unreachable (ECONNREFUSED)`,
      ]);
      neverPrintsASecret(exit);
    },
  );

  it.each(['main.js', 'worker.js'])(
    '%s in production, PostgreSQL down: exits non-zero with every line JSON, naming PostgreSQL by host and port',
    async (entry) => {
      const exit = await run(entry, {
        ...env,
        NODE_ENV: 'production',
        DATABASE_URL: `postgres://vecino:${DATABASE_PASSWORD}@127.0.0.1:${closed}/vecino`,
      });
      measured[`${entry} postgres down, production`] = exit.ms;
      expect(exit.code).not.toBe(0);
      expect(exit.ms).toBeLessThan(EXIT_BOUND_MS);
      expect(exit.lines.length).toBeGreaterThan(0);
      const records = exit.lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(records).toContainEqual(
        expect.objectContaining({
          level: 60,
          msg: `vecino cannot start: PostgreSQL at 127.0.0.1:${closed} is unreachable (ECONNREFUSED)`,
        }),
      );
      neverPrintsASecret(exit);
    },
  );

  it("in production, a start that succeeds is JSON lines too, Nest's own start-up lines included", async () => {
    const database = await isolatedEnv();
    try {
      const exit = await run(
        'main.js',
        // debug: Nest's own start-up lines are logged at debug (quiet at info), and they must be JSON too.
        { ...env, NODE_ENV: 'production', DATABASE_URL: database.DATABASE_URL!, LOG_LEVEL: 'debug' },
        /GraphQL on /,
      );
      const records = exit.lines.map((line) => JSON.parse(line) as { msg: string; context?: string });
      expect(records).toContainEqual(expect.objectContaining({ context: 'NestFactory' }));
      expect(records).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/^GraphQL on /) }));
    } finally {
      await dropDatabase(loadConfig(database));
    }
  });

  it('warns at the API’s start too when Twilio would have to call a local or plain-http PUBLIC_BASE_URL', async () => {
    const database = await isolatedEnv();
    try {
      const twilio = {
        TWILIO_ACCOUNT_SID: `AC${'0a'.repeat(16)}`,
        TWILIO_AUTH_TOKEN: 'twilio-auth-token',
        TWILIO_FROM_NUMBER: '+14145550100',
        PUBLIC_BASE_URL: 'http://localhost:3000',
      };
      const exit = await run(
        'main.js',
        { ...env, ...twilio, NODE_ENV: 'production', DATABASE_URL: database.DATABASE_URL! },
        /GraphQL on /,
      );
      const records = exit.lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(records).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: expect.stringMatching(/^WARNING: PUBLIC_BASE_URL is http:\/\/localhost:3000/),
        }),
      );
    } finally {
      await dropDatabase(loadConfig(database));
    }
  });

  it('in production, a configuration error is one JSON line too (before any logger exists)', async () => {
    const exit = await run('main.js', { ...env, NODE_ENV: 'production', JWT_SECRET: 'short' });
    expect(exit.code).toBe(78);
    expect(exit.lines).toHaveLength(1);
    expect(JSON.parse(exit.lines[0])).toMatchObject({
      level: 60,
      msg: expect.stringContaining('JWT_SECRET must be at least 32 characters long'),
    });
  });
});
