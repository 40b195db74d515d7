/**
 * Broadcast benchmark: `npm run build && node dist/bench/broadcast.js [recipients=2000]`.
 *
 * Starts the API and the worker in this process against a database and a queue prefix of its own (on the local
 * PostgreSQL and Redis, found or started like `npm run dev` does), seeds the volunteers with one INSERT, sends a
 * broadcast to all of them through GraphQL with the `log` transport at the highest configurable rate, and prints
 * how long the fan-out and the sending took and how much memory the process used. It drops its database and its
 * Redis keys at the end.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import { AuthService } from '../src/auth/auth.service.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { createApi } from '../src/bootstrap.js';
import { createWorker } from '../src/worker-bootstrap.js';
import { LOCAL_DATA_DIR } from '../src/cli/services.command.js';
import { loadConfig } from '../src/config/config.js';
import { runMigrations } from '../src/database/run-migrations.js';
import { ensureLocalServices } from '../src/dev/local-services.js';
import { deleteKeys } from './redis-keys.js';

const RATE_PER_SECOND = 1000; // the most SMS_RATE_PER_SECOND allows
/** Polling granularity of the fan-out and completion times. */
const POLL_MS = 25;

const recipients = Number(process.argv[2] ?? 2000);
if (!Number.isInteger(recipients) || recipients < 1) {
  process.stderr.write('usage: node dist/bench/broadcast.js [recipients, a whole number ≥ 1]\n');
  process.exit(2);
}

// The log transport prints every text on stdout; thousands of lines would bury the figures, so they are counted.
const writeStdout = process.stdout.write.bind(process.stdout);
let printedTexts = 0;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  if (String(chunk).startsWith('[sms ')) {
    printedTexts++;
    return true;
  }
  return writeStdout(chunk, ...rest);
}) as typeof process.stdout.write;
const say = (line: string) => writeStdout(`${line}\n`);

const services = await ensureLocalServices({
  databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
  redisUrl: process.env.REDIS_URL?.trim() || undefined,
  dataDir: resolve(LOCAL_DATA_DIR),
  log: (line) => process.stderr.write(`[services] ${line}\n`),
});
const runId = randomBytes(4).toString('hex');
const database = `vecino_bench_${runId}`;
const serverUrl = new URL(services.databaseUrl);
serverUrl.pathname = '/postgres';
const databaseUrl = new URL(services.databaseUrl);
databaseUrl.pathname = `/${database}`;

const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl.toString(),
  REDIS_URL: services.redisUrl,
  QUEUE_PREFIX: `vecino-bench-${runId}`,
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  SMS_TRANSPORT: 'log',
  SMS_RATE_PER_SECOND: String(RATE_PER_SECOND),
  QUIET_HOURS: '',
  LOG_LEVEL: 'warn',
});

const admin = new pg.Client({ connectionString: serverUrl.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
const db = new pg.Client({ connectionString: config.databaseUrl });
let apps: { close(): Promise<void> }[] = [];
const peak = { rss: 0, heapUsed: 0 };
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peak.rss = Math.max(peak.rss, rss);
  peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
}, 100);

try {
  await runMigrations(config.databaseUrl, () => undefined);
  await db.connect();

  let started = performance.now();
  await db.query(
    `INSERT INTO volunteers (name, phone, preferred_language, languages)
     SELECT 'Bench volunteer ' || i, '+1' || (2000000000 + i)::text, lang, ARRAY[lang]
       FROM generate_series(1, $1) AS i, LATERAL (SELECT CASE WHEN i % 4 = 0 THEN 'es' ELSE 'en' END AS lang) l`,
    [recipients],
  );
  const seedMs = performance.now() - started;

  const api = await createApi(config);
  await api.listen(0, '127.0.0.1');
  const worker = await createWorker(config);
  apps = [worker, api];
  const { port } = api.getHttpServer().address() as AddressInfo;
  const auth = api.get(AuthService);
  const credentials = { email: 'bench@vecino.test', password: randomBytes(16).toString('hex') };
  await auth.upsertUser({ ...credentials, role: StaffRole.ADMIN });
  const { token } = await auth.login(credentials.email, credentials.password);
  const graphql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!result.data) throw new Error(`GraphQL failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  };

  started = performance.now();
  const { sendBroadcast } = await graphql<{ sendBroadcast: { id: string } }>(
    `
      mutation Send($input: SendBroadcastInput!) {
        sendBroadcast(input: $input) {
          id
        }
      }
    `,
    {
      input: {
        body: 'Bench: know-your-rights training Saturday 10:00 at the Central Library.',
        bodyByLanguage: [
          { language: 'es', body: 'Bench: taller Conozca sus derechos, sábado 10:00, Biblioteca Central.' },
        ],
      },
    },
  );
  const mutationMs = performance.now() - started;
  const statusOf = async () =>
    (await db.query<{ status: string }>('SELECT status FROM broadcasts WHERE id = $1', [sendBroadcast.id]))
      .rows[0].status;
  while ((await statusOf()) === 'FANNING_OUT') await sleep(POLL_MS);
  const fanOutMs = performance.now() - started;
  while ((await statusOf()) !== 'COMPLETED') await sleep(POLL_MS);
  const completedMs = performance.now() - started;

  // When the sender handed the last text to the transport, free of polling granularity.
  const lastSent = (
    await db.query<{ ms: number }>(
      `SELECT (extract(epoch FROM max(m.sent_at) - b.created_at) * 1000)::float8 AS ms
         FROM broadcasts b JOIN messages m ON m.broadcast_id = b.id WHERE b.id = $1 GROUP BY b.id`,
      [sendBroadcast.id],
    )
  ).rows[0].ms;
  started = performance.now();
  const { broadcast } = await graphql<{ broadcast: Record<string, number> }>(
    `
      query Get($id: ID!) {
        broadcast(id: $id) {
          total
          queued
          sending
          sent
          delivered
          failed
          skipped
        }
      }
    `,
    { id: sendBroadcast.id },
  );
  const readMs = performance.now() - started;

  const ms = (value: number) => `${Math.round(value)} ms`;
  const perSecond = (count: number, elapsedMs: number) => `${Math.round((count * 1000) / elapsedMs)} msgs/s`;
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
  say(
    `broadcast bench: ${recipients} recipients, log transport, SMS_RATE_PER_SECOND=${RATE_PER_SECOND}, Node ${process.version}`,
  );
  say(`  seed volunteers (one INSERT)   ${ms(seedMs)}`);
  say(`  sendBroadcast answered         ${ms(mutationMs)}`);
  say(`  fan-out done (polled)          ${ms(fanOutMs)}  ${perSecond(recipients, fanOutMs)}`);
  say(`  last text sent (its sent_at)   ${ms(lastSent)}  ${perSecond(recipients, lastSent)}`);
  say(`  COMPLETED seen (polled)        ${ms(completedMs)}`);
  say(`  broadcast(id) with counts      ${ms(readMs)}  ${JSON.stringify(broadcast)}`);
  say(`  texts printed by the transport ${printedTexts}`);
  say(`  peak memory (API + worker)     rss ${mb(peak.rss)}, heap ${mb(peak.heapUsed)}`);
  if (broadcast.sent !== recipients || printedTexts !== recipients) {
    throw new Error(`expected ${recipients} texts sent once each`);
  }
} finally {
  clearInterval(sampler);
  for (const app of apps) await app.close();
  await db.end().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  await deleteKeys(services.redisUrl, `${config.queuePrefix}:*`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
