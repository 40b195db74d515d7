/**
 * Alert dispatch benchmark: `npm run bench:alert -- [broadcast=20000] [responders=2000] [runs=3]`.
 *
 * Starts the API and the worker in one process against a scratch database (and a queue prefix of its own), seeds
 * a zone of N broadcast recipients and a zone of M rapid responders, sends a broadcast to the first zone and lets
 * it drain at the configured SMS_RATE_PER_SECOND (default here 10) through the `log` transport, then, per run,
 * reports an alert in the responders' zone and calls `confirmAlert`. It prints min/median/max over the runs of:
 * `confirmAlert` answered; the first alert text at the transport (goal ≤ 2 s); every responder's text queued (its
 * fan-out done, goal ≤ 3 s). Between runs the dispatch is cancelled and its waiting jobs removed, so each run
 * starts behind the broadcast alone. It drops its database and its Redis keys at the end.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { AuthService } from '../src/auth/auth.service.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { createApi } from '../src/bootstrap.js';
import { createWorker } from '../src/worker-bootstrap.js';
import { SMS_OUTBOUND_QUEUE } from '../src/messaging/outbound/outbound.queue.js';
import { deleteKeys } from './redis-keys.js';
import { atMost, ms, printTable } from './support/figures.js';
import { withScratchDatabase } from './scratch-database.js';

const [broadcastSize, responderCount, runs] = [20_000, 2000, 3].map((fallback, index) => {
  const value = Number(process.argv[2 + index] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write('usage: node dist/bench/alert-dispatch.js [broadcast] [responders] [runs]\n');
    process.exit(2);
  }
  return value;
});
const ratePerSecond = Number(process.env.SMS_RATE_PER_SECOND ?? 10);
const POLL_MS = 10;
const GOALS = { firstText: 2000, allQueued: 3000 };

// The log transport prints every text on stdout: counted, and the first alert text timed, instead of printed.
const writeStdout = process.stdout.write.bind(process.stdout);
let firstAlertTextAt: number | null = null;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  const line = String(chunk);
  if (line.startsWith('[sms ')) {
    if (firstAlertTextAt === null && line.includes('URGENT')) firstAlertTextAt = performance.now();
    return true;
  }
  return writeStdout(chunk, ...rest);
}) as typeof process.stdout.write;
const say = (line: string) => writeStdout(`${line}\n`);

await withScratchDatabase(async (scratch) => {
  const config = {
    ...scratch,
    queuePrefix: `vecino-bench-${randomBytes(4).toString('hex')}`,
    smsTransport: 'log' as const,
    smsRatePerSecond: ratePerSecond,
    quietHours: null,
    logLevel: 'warn',
  };
  const db = new pg.Client({ connectionString: config.databaseUrl });
  await db.connect();
  let apps: { close(): Promise<void> }[] = [];
  try {
    const [{ id: crowd }, { id: responderZone }] = (
      await db.query<{ id: string }>(
        `INSERT INTO zones (code, name) VALUES ('CROWD', 'Broadcast zone'), ('RESPONSE', 'Responders') RETURNING id`,
      )
    ).rows;
    await db.query(
      `WITH v AS (
         INSERT INTO volunteers (name, phone, preferred_language, languages, skills)
         SELECT 'Bench ' || i, '+1' || (2000000000 + i)::text, lang, ARRAY[lang],
                CASE WHEN i > $1::int THEN ARRAY['RAPID_RESPONSE'] ELSE '{}'::text[] END
           FROM generate_series(1, $1::int + $2::int) AS i,
                LATERAL (SELECT CASE WHEN i % 4 = 0 THEN 'es' ELSE 'en' END AS lang) l
         RETURNING id, skills)
       INSERT INTO volunteer_zones (volunteers_id, zones_id)
       SELECT id, CASE WHEN cardinality(skills) > 0 THEN $4::uuid ELSE $3::uuid END FROM v`,
      [broadcastSize, responderCount, crowd, responderZone],
    );

    const api = await createApi(config);
    await api.listen(0, '127.0.0.1');
    const worker = await createWorker(config);
    apps = [worker, api];
    const sender = api.get<Queue>(getQueueToken(SMS_OUTBOUND_QUEUE));
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
    const count = async (sql: string, params: unknown[]) =>
      (await db.query<{ n: number }>(sql, params)).rows[0].n;

    const { sendBroadcast } = await graphql<{ sendBroadcast: { id: string } }>(
      `
        mutation ($zone: ID!) {
          sendBroadcast(
            input: { body: "Bench: know-your-rights training Saturday 10:00.", zoneIds: [$zone] }
          ) {
            id
          }
        }
      `,
      { zone: crowd },
    );
    const fanOutStarted = performance.now();
    while (
      (await count(`SELECT count(*)::int AS n FROM messages WHERE broadcast_id = $1`, [sendBroadcast.id])) <
      broadcastSize
    ) {
      await sleep(100);
    }
    say(
      `alert dispatch bench: broadcast of ${broadcastSize} draining at SMS_RATE_PER_SECOND=${ratePerSecond} ` +
        `(fanned out in ${ms(performance.now() - fanOutStarted)}), ${responderCount} responders, log transport, ` +
        `API and worker in one process, Node ${process.version}`,
    );

    const figures = { answered: [] as number[], firstText: [] as number[], allQueued: [] as number[] };
    for (let run = 1; run <= runs; run++) {
      const { reportAlert } = await graphql<{ reportAlert: { id: string } }>(
        `
          mutation ($zone: ID!) {
            reportAlert(input: { zoneId: $zone, kind: RAID, location: "Bench St and 5th" }) {
              id
            }
          }
        `,
        { zone: responderZone },
      );
      firstAlertTextAt = null;
      const started = performance.now();
      await graphql(
        `
          mutation ($id: ID!) {
            confirmAlert(id: $id) {
              id
            }
          }
        `,
        { id: reportAlert.id },
      );
      figures.answered.push(performance.now() - started);
      const { rows } = await db.query<{ id: string }>(
        `SELECT dispatch_broadcast_id AS id FROM alerts WHERE id = $1`,
        [reportAlert.id],
      );
      const dispatch = rows[0].id;
      let allQueued: number | null = null;
      while (allQueued === null || firstAlertTextAt === null) {
        if (
          allQueued === null &&
          (await count(
            `SELECT count(*)::int AS n FROM broadcasts WHERE id = $1 AND status <> 'FANNING_OUT'`,
            [dispatch],
          )) === 1
        ) {
          allQueued = performance.now() - started;
        }
        await sleep(POLL_MS);
      }
      figures.firstText.push(firstAlertTextAt - started);
      figures.allQueued.push(allQueued);
      const queued = await count(`SELECT count(*)::int AS n FROM messages WHERE broadcast_id = $1`, [
        dispatch,
      ]);
      if (queued !== responderCount)
        throw new Error(`run ${run}: ${queued} texts queued, not ${responderCount}`);
      // The next run starts behind the broadcast alone: this dispatch's unsent texts are skipped and their jobs gone.
      await graphql(
        `
          mutation ($id: ID!) {
            cancelBroadcast(id: $id) {
              id
            }
          }
        `,
        { id: dispatch },
      );
      const skipped = await db.query<{ id: string }>(
        `SELECT id FROM messages WHERE broadcast_id = $1 AND status = 'SKIPPED'`,
        [dispatch],
      );
      await Promise.all(skipped.rows.map((row) => sender.remove(row.id)));
    }

    const sentMeanwhile = await count(
      `SELECT count(*)::int AS n FROM messages WHERE broadcast_id = $1 AND sent_at IS NOT NULL`,
      [sendBroadcast.id],
    );
    printTable(
      `alert dispatch behind a ${broadcastSize}-text broadcast at ${ratePerSecond}/s, ${runs} runs`,
      [
        { label: 'confirmAlert answered', values: figures.answered, format: ms },
        {
          label: 'first alert text at the transport',
          values: figures.firstText,
          format: ms,
          goal: atMost(GOALS.firstText, ms),
        },
        {
          label: `all ${responderCount} responder texts queued`,
          values: figures.allQueued,
          format: ms,
          goal: atMost(GOALS.allQueued, ms),
        },
      ],
      'alert',
    );
    say(`  broadcast texts sent meanwhile    ${sentMeanwhile} of ${broadcastSize}`);
    await graphql(
      `
        mutation ($id: ID!) {
          cancelBroadcast(id: $id) {
            id
          }
        }
      `,
      { id: sendBroadcast.id },
    );
  } finally {
    for (const app of apps) await app.close();
    await db.end().catch(() => undefined);
    await deleteKeys(config.redisUrl, `${config.queuePrefix}:*`);
  }
});
