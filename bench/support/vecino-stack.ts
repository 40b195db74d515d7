import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '../../src/config/config.js';
import { SMS_OUTBOUND_QUEUE } from '../../src/messaging/outbound/outbound.queue.js';
import { FakeTwilioServer } from '../../test/fake-twilio/fake-twilio-server.js';
import { freePort } from '../../test/support/free-port.js';
import { runBuiltCli } from '../../test/support/built-cli.js';
import { BuiltProcess } from '../../test/support/built-process.js';

/** Twilio credentials in Twilio's shapes, valid only against the fake. */
const BENCH_TWILIO = {
  accountSid: `AC${'be0c4f1a'.repeat(4)}`,
  authToken: 'bench-auth-token-0123456789abcdef',
  messagingServiceSid: `MG${'be0c4f1a'.repeat(4)}`,
};
/** The URL Twilio would sign webhooks with; the API is reached on 127.0.0.1 and checks signatures against this. */
export const BENCH_PUBLIC_BASE_URL = 'https://bench.vecino.test';
/** How long a process may take to start on a loaded machine. */
const START_PATIENCE_MS = 180_000;
const ADMIN = { email: 'bench@vecino.test', password: randomBytes(16).toString('hex') };

/**
 * What the send-path benches share: a scratch database (seeded volunteers, an admin), the fake Twilio in this
 * process, and the built API and worker started as processes of their own — the way they are deployed — with a
 * queue prefix per start so every run begins with empty queues.
 */
export class VecinoStack {
  readonly fake = newFake();
  private fakeBaseUrl = '';
  private readonly otherFakes: FakeTwilioServer[] = [];
  private starts = 0;
  private readonly prefixes: string[] = [];
  private readonly runId = randomBytes(4).toString('hex');

  constructor(private readonly config: AppConfig) {}

  /** Where bench clients post signed texts: the APIs at `baseUrls`, signing as Twilio would for this stack. */
  webhookTarget(baseUrls: string[]) {
    return { baseUrls, publicBaseUrl: BENCH_PUBLIC_BASE_URL, authToken: BENCH_TWILIO.authToken };
  }

  /** Starts the fake Twilio and creates the admin. */
  async open(): Promise<void> {
    ({ baseUrl: this.fakeBaseUrl } = await this.fake.start());
    const created = await runBuiltCli(
      ['create-admin', '--email', ADMIN.email, '--password', ADMIN.password],
      this.env('unused'),
    );
    if (created.code !== 0) throw new Error(`create-admin failed:\n${created.stderr}`);
  }

  /**
   * Another fake Twilio with the same account, for a process of its own (`TWILIO_API_BASE_URL` in its env): what
   * each fake received is what that process sent.
   */
  async otherFake(): Promise<{ fake: FakeTwilioServer; baseUrl: string }> {
    const fake = newFake();
    this.otherFakes.push(fake);
    const { baseUrl } = await fake.start();
    return { fake, baseUrl };
  }

  async close(): Promise<void> {
    await this.fake.close();
    for (const fake of this.otherFakes) await fake.close();
    const redis = new Redis(this.config.redisUrl);
    try {
      for (const prefix of this.prefixes) await deleteKeys(redis, `${prefix}:*`);
    } finally {
      redis.disconnect();
    }
  }

  /** Active, subscribed volunteers `+1 (300) 000-0001`…, a quarter preferring Spanish; one INSERT. */
  async seedVolunteers(count: number): Promise<string[]> {
    const db = new pg.Client({ connectionString: this.config.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ phone: string }>(
        `INSERT INTO volunteers (name, phone, preferred_language, languages)
         SELECT 'Bench volunteer ' || i, '+1' || (3000000000 + i)::text, lang, ARRAY[lang]
           FROM generate_series(1, $1) AS i, LATERAL (SELECT CASE WHEN i % 4 = 0 THEN 'es' ELSE 'en' END AS lang) l
         RETURNING phone`,
        [count],
      );
      return rows.map((row) => row.phone);
    } finally {
      await db.end();
    }
  }

  /** Transactions committed in the bench database so far (each statement outside BEGIN … COMMIT is one). */
  async transactionsCommitted(): Promise<number> {
    const db = new pg.Client({ connectionString: this.config.databaseUrl });
    await db.connect();
    try {
      // Statistics of other backends reach the shared counters within about a second.
      const { rows } = await db.query<{ commits: string }>(
        'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()',
      );
      return Number(rows[0].commits);
    } finally {
      await db.end();
    }
  }

  /** A fresh queue prefix (empty queues), remembered so its keys are deleted at the end. */
  newQueuePrefix(): string {
    const prefix = `vecino-bench-${this.runId}-${++this.starts}`;
    this.prefixes.push(prefix);
    return prefix;
  }

  /** The environment of an API or worker process under `queuePrefix`, sending through the fake Twilio. */
  env(queuePrefix: string, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: this.config.databaseUrl,
      REDIS_URL: this.config.redisUrl,
      QUEUE_PREFIX: queuePrefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SMS_TRANSPORT: 'twilio',
      TWILIO_ACCOUNT_SID: BENCH_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: BENCH_TWILIO.authToken,
      TWILIO_MESSAGING_SERVICE_SID: BENCH_TWILIO.messagingServiceSid,
      TWILIO_API_BASE_URL: this.fakeBaseUrl,
      PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL,
      QUIET_HOURS: '',
      ...overrides,
    };
  }

  /** `node dist/src/main.js`, answering on a free port. */
  async startApi(env: Record<string, string>): Promise<RunningApi> {
    const port = await freePort();
    const api = BuiltProcess.start('api', 'dist/src/main.js', { ...env, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await api.waitUntil(async () => (await fetch(`${url}/health/live`)).ok, START_PATIENCE_MS);
    return new RunningApi(api, url);
  }

  /** `node dist/src/worker.js`, once it consumes its queues. */
  async startWorker(env: Record<string, string>): Promise<BuiltProcess> {
    const worker = BuiltProcess.start('worker', 'dist/src/worker.js', env);
    await worker.waitUntil(() => worker.printed('worker consuming queues'), START_PATIENCE_MS);
    return worker;
  }

  /** The outbound queue under `prefix`, to count its jobs (close it after). */
  outboundQueue(prefix: string): Queue {
    return new Queue(SMS_OUTBOUND_QUEUE, { connection: { url: this.config.redisUrl }, prefix });
  }

  /** Texts the fake (or another) accepted so far (refusals left out). */
  accepted(fake: FakeTwilioServer = this.fake): { to: string; at: number }[] {
    return fake.received
      .filter((request) => request.sid !== null)
      .map((request) => ({ to: request.to, at: request.at.getTime() }));
  }
}

export class RunningApi {
  private token = '';

  constructor(
    readonly process: BuiltProcess,
    readonly url: string,
  ) {}

  async login(): Promise<void> {
    const { login } = await this.graphql<{ login: { token: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      { e: ADMIN.email, p: ADMIN.password },
    );
    this.token = login.token;
  }

  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!result.data) throw new Error(`GraphQL failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  /** `sendBroadcast` to every volunteer, with a Spanish variant. */
  async sendBroadcast(): Promise<string> {
    const { sendBroadcast } = await this.graphql<{ sendBroadcast: { id: string } }>(
      'mutation($input: SendBroadcastInput!) { sendBroadcast(input: $input) { id } }',
      {
        input: {
          body: 'Bench: know-your-rights training Saturday 10:00 at the Central Library.',
          bodyByLanguage: [
            { language: 'es', body: 'Bench: taller Conozca sus derechos, sabado 10:00, Biblioteca Central.' },
          ],
        },
      },
    );
    return sendBroadcast.id;
  }
}

function newFake(): FakeTwilioServer {
  return new FakeTwilioServer({ accountSid: BENCH_TWILIO.accountSid, authToken: BENCH_TWILIO.authToken });
}

/** Jobs the queue holds in any state: how many have been enqueued so far. */
export async function jobsEnqueued(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

/** Removes the keys under `pattern` from the shared Redis, and nothing else. */
async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
