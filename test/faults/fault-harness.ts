import { StaffRole } from '../../src/auth/staff-user.entity.js';
import { SMS_OUTBOUND_QUEUE } from '../../src/messaging/outbound/outbound.queue.js';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { FakeTwilioServer } from '../fake-twilio/fake-twilio-server.js';
import { BuiltProcess } from '../support/built-process.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { TEST_TWILIO, twilioEnv } from '../support/twilio-webhook.js';
import { waitFor } from '../support/wait.js';

/** Counts of a broadcast's texts by status. */
export type StatusCounts = Record<string, number>;

/**
 * One fault test file's world: a redis-server of its own (never the shared one), the fake Twilio, the API in
 * this process (to send broadcasts through GraphQL), and workers started from the build (`dist/src/worker.js`) as
 * processes of their own, so they can be killed, stopped and restarted like deployed ones.
 */
export class FaultHarness {
  readonly fake = new FakeTwilioServer({
    accountSid: TEST_TWILIO.accountSid,
    authToken: TEST_TWILIO.authToken,
  });
  redis!: PrivateRedis;
  app!: TestApp;
  dataSource!: DataSource;
  queue!: Queue;
  private adminToken = '';
  private fakeBaseUrl = '';
  private readonly workers: BuiltProcess[] = [];

  constructor(private readonly settings: Record<string, string>) {}

  async open(): Promise<void> {
    this.redis = await startPrivateRedis();
    ({ baseUrl: this.fakeBaseUrl } = await this.fake.start());
    this.app = await startTestApp({
      env: { REDIS_URL: this.redis.url, ...twilioEnv(this.fakeBaseUrl), ...this.settings },
    });
    this.dataSource = this.app.api.get(DataSource);
    this.adminToken = await this.app.tokenFor(StaffRole.ADMIN);
    this.queue = new Queue(SMS_OUTBOUND_QUEUE, {
      connection: { url: this.redis.url },
      prefix: this.app.config.queuePrefix,
    });
  }

  async close(): Promise<void> {
    for (const worker of this.workers) await worker.stop();
    await this.queue?.close();
    await this.app?.close();
    await this.fake.close();
    await this.redis?.stop();
  }

  /** `node dist/src/worker.js` against this file's database, Redis and fake Twilio; resolves once it consumes. */
  async startWorker(): Promise<BuiltProcess> {
    const { config } = this.app;
    const worker = BuiltProcess.start(`worker ${this.workers.length + 1}`, 'dist/src/worker.js', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: this.redis.url,
      QUEUE_PREFIX: config.queuePrefix,
      JWT_SECRET: config.jwtSecret,
      DATA_ENCRYPTION_KEY: config.dataEncryptionKey.toString('base64'),
      PUBLIC_BASE_URL: config.publicBaseUrl,
      QUIET_HOURS: '',
      ...twilioEnv(this.fakeBaseUrl),
      ...this.settings,
    });
    this.workers.push(worker);
    await worker.waitUntil(() => worker.printed('worker consuming queues'));
    return worker;
  }

  /** `count` active, subscribed volunteers with distinct numbers; one INSERT. */
  async seedVolunteers(count: number): Promise<string[]> {
    const rows: { phone: string }[] = await this.dataSource.query(
      `INSERT INTO volunteers (name, phone, preferred_language, languages)
       SELECT 'Fault volunteer ' || i, '+1' || (4000000000 + i)::text, 'en', ARRAY['en']
         FROM generate_series(1, $1) AS i
       RETURNING phone`,
      [count],
    );
    return rows.map((row) => row.phone);
  }

  /** `sendBroadcast` to every volunteer, through GraphQL; its id. */
  async sendBroadcast(): Promise<string> {
    const response = await this.app.graphql<{ sendBroadcast: { id: string } }>(
      'mutation($input: SendBroadcastInput!) { sendBroadcast(input: $input) { id } }',
      { input: { body: 'Fault test: know-your-rights training Saturday 10:00 at the library.' } },
      this.adminToken,
    );
    if (!response.data) throw new Error(`sendBroadcast failed: ${JSON.stringify(response.errors)}`);
    return response.data.sendBroadcast.id;
  }

  async statusCounts(broadcastId: string): Promise<StatusCounts> {
    const rows: { status: string; count: number }[] = await this.dataSource.query(
      'SELECT status, count(*)::int AS count FROM messages WHERE broadcast_id = $1 GROUP BY status',
      [broadcastId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }

  /** Waits until the broadcast has `expected` texts and none of them is QUEUED or SENDING. */
  async allFinal(broadcastId: string, expected: number, timeoutMs: number): Promise<StatusCounts> {
    return waitFor(
      () => this.statusCounts(broadcastId),
      (counts) =>
        Object.values(counts).reduce((sum, value) => sum + value, 0) === expected &&
        !counts.QUEUED &&
        !counts.SENDING,
      { timeoutMs, intervalMs: 250 },
    );
  }

  /** How many texts the fake accepted more than once for the same number. */
  duplicatesAccepted(): number {
    const accepted = this.fake.received
      .filter((request) => request.sid !== null)
      .map((request) => request.to);
    return accepted.length - new Set(accepted).size;
  }
}
