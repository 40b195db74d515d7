import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { runMigrations } from '../../src/database/run-migrations.js';
import {
  INBOUND_RETRY_AGE_SECONDS,
  INBOUND_RETRY_INTERVAL_MS,
} from '../../src/messaging/inbound/inbound-retry.sweeper.js';
import { FakeTwilioServer } from '../fake-twilio/fake-twilio-server.js';
import { BuiltProcess } from '../support/built-process.js';
import { freePort } from '../support/free-port.js';
import { PrivatePostgres } from '../support/private-postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { newMessageSid, postSignedTexts, type Answer, type Text } from '../support/signed-webhook-client.js';
import { TEST_TWILIO, twilioEnv } from '../support/twilio-webhook.js';
import { waitFor } from '../support/wait.js';

const CLAIMANTS = 300;
const SHIFTS = 6;
const SEATS = 5;
const CONCURRENT = 25;
/** The storm is this far through (answers received) when PostgreSQL is stopped. */
const STOP_AFTER_ANSWERS = CLAIMANTS / 4;
/** How long PostgreSQL stays down. */
const DOWN_MS = 3000;
/** After the restart, answers sent this soon may still meet a connection of the old server. */
const RECONNECT_GRACE_MS = 2000;
/** "Quickly": a 5xx while the database is down comes well before Twilio's 15 s. */
const QUICK_ANSWER_MS = 5000;
const PUBLIC_BASE_URL = 'https://vecino.test';
const HOUR = 3600_000;

/**
 * Fault test 5: PostgreSQL (a server of this file's own) stopped and started again in the middle of a claim storm
 * against the built API in a process of its own. The webhook answers 5xx, quickly, only while the database is
 * down; Twilio's retry (the same MessageSid posted again) then succeeds; every claim runs once, none overbooks.
 */
describe('PostgreSQL restarted in the middle of a claim storm', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let redis: PrivateRedis;
  let postgres: PrivatePostgres;
  /** The test's own connections: a pool, which replaces those the restart cuts. */
  let db: pg.Pool;
  let api: BuiltProcess;
  let apiUrl: string;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    postgres = await PrivatePostgres.start(redis.url);
    await runMigrations(postgres.databaseUrl, () => undefined);
    const { baseUrl } = await fake.start();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = BuiltProcess.start('api', 'dist/src/main.js', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      DATABASE_URL: postgres.databaseUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `vecino-fault-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL,
      QUIET_HOURS: '',
      ...twilioEnv(baseUrl),
    });
    await api.waitUntil(async () => (await fetch(`${apiUrl}/health/ready`)).ok, 180_000);
    db = new pg.Pool({ connectionString: postgres.databaseUrl, max: 2 });
    db.on('error', () => undefined);
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await db?.end().catch(() => undefined);
    await fake.close();
    await postgres?.remove();
    await redis?.stop();
  });

  /** Volunteers in one zone and shifts of SEATS seats two days ahead; the claims, one per volunteer. */
  async function seed(): Promise<{ texts: Text[]; shiftIds: string[] }> {
    const { rows: zone } = await db.query<{ id: string }>(
      `INSERT INTO zones (code, name) VALUES ('STORM', 'Claim storm') RETURNING id`,
    );
    const { rows: volunteers } = await db.query<{ id: string; phone: string }>(
      `INSERT INTO volunteers (name, phone, preferred_language, languages)
       SELECT 'Storm volunteer ' || i, '+1' || (4140000000 + i)::text, 'en', ARRAY['en']
         FROM generate_series(1, $1) AS i
       RETURNING id, phone`,
      [CLAIMANTS],
    );
    await db.query(`INSERT INTO volunteer_zones (volunteers_id, zones_id) SELECT unnest($1::uuid[]), $2`, [
      volunteers.map((volunteer) => volunteer.id),
      zone[0].id,
    ]);
    const startsAt = new Date(Math.floor(Date.now() / HOUR) * HOUR + 48 * HOUR);
    const { rows: shifts } = await db.query<{ id: string; code: string }>(
      `INSERT INTO shifts (code, zone_id, role, starts_at, ends_at, seats)
       SELECT (4000 + i)::text, $1, 'storm greeter ' || i, $2, $3, $4 FROM generate_series(1, $5) AS i
       RETURNING id, code`,
      [zone[0].id, startsAt, new Date(startsAt.getTime() + 2 * HOUR), SEATS, SHIFTS],
    );
    const texts = volunteers.map((volunteer, index) => ({
      from: volunteer.phone,
      body: `CLAIM ${shifts[index % SHIFTS].code}`,
      sid: newMessageSid(),
    }));
    return { texts, shiftIds: shifts.map((shift) => shift.id) };
  }

  it('answers 5xx only while it is down, and quickly; retried MessageSids run once; nothing overbooked', async () => {
    const { texts, shiftIds } = await seed();
    const target = { baseUrls: [apiUrl], publicBaseUrl: PUBLIC_BASE_URL, authToken: TEST_TWILIO.authToken };
    const outage = { downAt: Infinity, upAt: Infinity };
    let restart: Promise<void> | null = null;
    let answered = 0;
    const storm = await postSignedTexts(target, texts, CONCURRENT, () => {
      if (++answered !== STOP_AFTER_ANSWERS) return;
      restart = (async () => {
        outage.downAt = performance.now();
        await postgres.stop();
        await sleep(DOWN_MS);
        await postgres.start();
        outage.upAt = performance.now();
      })();
    });
    expect(restart).not.toBeNull();
    await restart;

    // Twilio's retry: the same MessageSid again, until it is taken.
    const retries: Answer[] = [];
    let pending = texts.filter((text) => storm.find((answer) => answer.sid === text.sid)!.status !== 200);
    for (let round = 0; pending.length > 0 && round < 20; round++) {
      if (round > 0) await sleep(500);
      const answers = await postSignedTexts(target, pending, CONCURRENT);
      retries.push(...answers);
      pending = pending.filter((text) => answers.find((answer) => answer.sid === text.sid)!.status !== 200);
    }
    const refused = [...storm, ...retries].filter((answer) => answer.status !== 200);
    process.stderr.write(
      `postgres restart mid-storm: ${storm.filter((answer) => answer.status === 200).length} of ${CLAIMANTS} ` +
        `first posts taken, ${refused.length} answered ${[...new Set(refused.map((answer) => answer.status))].join('/')}` +
        ` (slowest ${Math.round(Math.max(0, ...refused.map((answer) => answer.ms)))} ms), down ` +
        `${Math.round(outage.upAt - outage.downAt)} ms, ${retries.length} retries\n`,
    );
    expect(pending).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(answer.ms).toBeLessThan(QUICK_ANSWER_MS);
      // Answered after the stop began (a post in flight then fails too), and sent before the restart was done.
      expect(answer.sentAt + answer.ms).toBeGreaterThanOrEqual(outage.downAt);
      expect(answer.sentAt).toBeLessThan(outage.upAt + RECONNECT_GRACE_MS);
    }

    // Commands cut off by the outage are run by the retry sweep once they are old enough.
    const sids = texts.map((text) => text.sid!);
    const processed = await waitFor(
      () =>
        db.query<{ sid: string; rows: number; processed: number; replies: number; command: string | null }>(
          `SELECT m.provider_sid AS sid, count(*)::int AS rows, count(m.processed_at)::int AS processed,
                  (SELECT count(*)::int FROM messages r WHERE r.in_reply_to_id = min(m.id::text)::uuid) AS replies,
                  min(m.command) AS command
             FROM messages m WHERE m.direction = 'INBOUND' AND m.provider_sid = ANY($1) GROUP BY m.provider_sid`,
          [sids],
        ),
      ({ rows }) => rows.length === CLAIMANTS && rows.every((row) => row.processed === 1),
      { timeoutMs: INBOUND_RETRY_AGE_SECONDS * 1000 + 3 * INBOUND_RETRY_INTERVAL_MS, intervalMs: 500 },
    );
    for (const row of processed.rows)
      expect(row).toEqual({ sid: row.sid, rows: 1, processed: 1, replies: 1, command: 'CLAIM' });

    const { rows: signups } = await db.query<{ volunteer_id: string; status: string; shift_id: string }>(
      `SELECT volunteer_id, status, shift_id FROM signups WHERE shift_id = ANY($1::uuid[])`,
      [shiftIds],
    );
    expect(signups).toHaveLength(CLAIMANTS);
    expect(new Set(signups.map((signup) => signup.volunteer_id)).size).toBe(CLAIMANTS);
    for (const shiftId of shiftIds) {
      const confirmed = signups.filter(
        (signup) => signup.shift_id === shiftId && signup.status === 'CONFIRMED',
      );
      expect(confirmed).toHaveLength(SEATS);
    }
    const { rows: counters } = await db.query<{ confirmed_count: number; waitlist_count: number }>(
      `SELECT confirmed_count, waitlist_count FROM shifts WHERE id = ANY($1::uuid[])`,
      [shiftIds],
    );
    expect(counters).toEqual(
      shiftIds.map(() => ({ confirmed_count: SEATS, waitlist_count: CLAIMANTS / SHIFTS - SEATS })),
    );
  });
});
