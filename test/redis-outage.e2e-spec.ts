import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { Message, MessageDirection, MessageStatus } from '../src/messaging/message.entity.js';
import { LOGIN_RATE_LIMIT } from '../src/rate-limit/rate-limit.js';
import { RedisAvailability } from '../src/redis/redis-availability.js';
import { Volunteer } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

/** The goal is 2 s; asserted with a margin for a loaded machine (the measured figures are printed). */
const ANSWER_BOUND_MS = 5000;
const PATIENCE = { timeoutMs: 20_000, intervalMs: 100 };
const PASSWORD = 'correct horse battery staple';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
const UNKNOWN_SENDER = '+14142869901';

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: Math.round(performance.now() - started) };
}

describe('a Redis outage while API and worker run', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let redis: PrivateRedis;
  let app: TestApp;
  let dataSource: DataSource;
  let admin: string;
  let adminEmail: string;
  let volunteer: Volunteer;
  let broadcastId: string;
  const measured: Record<string, number> = {};

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      worker: true,
      env: { ...twilioEnv(baseUrl), REDIS_URL: redis.url, OUTBOX_RECONCILE_INTERVAL_MS: '300' },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    dataSource = app.api.get(DataSource);
    adminEmail = `outage-admin-${randomBytes(3).toString('hex')}@vecino.test`;
    admin = await app.tokenFor(StaffRole.ADMIN, { email: adminEmail });
    volunteer = await dataSource
      .getRepository(Volunteer)
      .save({ name: 'Outage Volunteer', phone: '+14142869900', preferredLanguage: 'en', languages: ['en'] });
    const zone = await app.graphql<{ createZone: { id: string } }>(
      'mutation { createZone(input: { code: "OUTAGE", name: "Outage" }) { id } }',
      {},
      admin,
    );
    const broadcast = await app.graphql<{ sendBroadcast: { id: string } }>(
      'mutation($input: SendBroadcastInput!) { sendBroadcast(input: $input) { id } }',
      { input: { body: 'Nobody lives in this zone', zoneIds: [zone.data!.createZone.id] } },
      admin,
    );
    broadcastId = broadcast.data!.sendBroadcast.id;
    await app.api.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    // Measured figures, for the record (the assertions keep a margin).
    process.stdout.write(`redis outage timings (ms): ${JSON.stringify(measured)}\n`);
    try {
      await redis?.start();
    } finally {
      await app?.close();
      await fake.close();
      await redis?.stop();
    }
  });

  it('serves PostgreSQL-only work, refuses subscriptions fast, answers webhooks fast, then catches up exactly once', async () => {
    await redis.stop();
    const availability = app.api.get(RedisAvailability);
    await waitFor(
      () => availability.isReachable,
      (reachable) => !reachable,
    );

    const me = await timed(() => app.graphql<{ me: { id: string } }>('{ me { id } }', {}, admin));
    expect(me.result.errors).toBeUndefined();
    expect(me.result.data?.me.id).toEqual(expect.any(String));
    measured.me = me.ms;

    const volunteers = await app.graphql<{ volunteers: { totalCount: number } }>(
      '{ volunteers(first: 5) { totalCount } }',
      {},
      admin,
    );
    expect(volunteers.errors).toBeUndefined();
    expect(volunteers.data?.volunteers.totalCount).toBeGreaterThanOrEqual(1);

    const login = await timed(() =>
      app
        .http()
        .post('/graphql')
        .send({
          query: LOGIN,
          variables: { e: adminEmail, p: PASSWORD },
        }),
    );
    expect(login.result.status).toBe(200);
    expect(login.result.body.data?.login.token).toEqual(expect.any(String));
    measured.login = login.ms;

    // The per-address limit still holds, counted in this process.
    const guesses = [];
    for (let attempt = 0; attempt <= LOGIN_RATE_LIMIT.limit; attempt++) {
      guesses.push(
        await app
          .http()
          .post('/graphql')
          .set('x-forwarded-for', '203.0.113.50')
          .send({ query: LOGIN, variables: { e: `nobody${attempt}@vecino.test`, p: 'wrong password!!' } }),
      );
    }
    expect(guesses.slice(0, -1).map((response) => response.body.errors?.[0]?.extensions?.code)).toEqual(
      Array(LOGIN_RATE_LIMIT.limit).fill('UNAUTHENTICATED'),
    );
    expect(guesses.at(-1)?.status).toBe(429);

    const sent = await timed(() =>
      app.graphql<{ sendMessage: { id: string; status: string } }>(
        'mutation($v: ID!, $b: String!) { sendMessage(volunteerId: $v, body: $b) { id status } }',
        { v: volunteer.id, b: 'Written while Redis was down' },
        admin,
      ),
    );
    expect(sent.result.errors).toBeUndefined();
    expect(sent.result.data?.sendMessage.status).toBe('QUEUED');
    measured.sendMessage = sent.ms;

    const { port } = app.api.getHttpServer().address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${admin}` },
      retryAttempts: 0,
    });
    try {
      const subscription = await timed(() =>
        client
          .iterate({
            query: 'subscription($id: ID!) { broadcastProgress(id: $id) { id } }',
            variables: { id: broadcastId },
          })
          .next(),
      );
      expect(subscription.result.value).toEqual({
        errors: [
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) }),
        ],
      });
      expect(subscription.ms).toBeLessThan(ANSWER_BOUND_MS);
      measured.subscription = subscription.ms;
    } finally {
      await client.dispose();
    }

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const webhook = await timed(() =>
      postSignedTwilioForm(app, '/webhooks/twilio/sms', {
        MessageSid: sid,
        AccountSid: TEST_TWILIO.accountSid,
        From: UNKNOWN_SENDER,
        To: '+14142860000',
        Body: 'Hola, quiero ayudar',
      }),
    );
    expect(webhook.result.status).toBe(200);
    expect(webhook.ms).toBeLessThan(ANSWER_BOUND_MS);
    measured.webhook = webhook.ms;
    const stored = await dataSource.getRepository(Message).findOneByOrFail({ providerSid: sid });
    expect(stored.direction).toBe(MessageDirection.INBOUND);

    const ready = await app.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' } },
      redis: { status: 'degraded' },
    });
    expect((await app.http().get('/metrics')).text).toMatch(/^vecino_redis_degraded 1$/m);

    // Redis comes back empty (nothing was saved): the outbox reconciler enqueues what PostgreSQL kept.
    await redis.start();
    clock.advance(60_000);
    await waitFor(
      () =>
        fake.received.filter((request) => request.to === volunteer.phone || request.to === UNKNOWN_SENDER),
      (requests) => requests.length >= 2,
      PATIENCE,
    );
    await waitFor(
      () =>
        dataSource
          .getRepository(Message)
          .findBy({ direction: MessageDirection.OUTBOUND, status: MessageStatus.QUEUED }),
      (queued) => queued.length === 0,
      PATIENCE,
    );
    // A few more reconciler rounds: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      fake.received.filter((request) => request.to === volunteer.phone).map((request) => request.body),
    ).toEqual(['Written while Redis was down']);
    expect(fake.received.filter((request) => request.to === UNKNOWN_SENDER)).toHaveLength(1);
    const reply = await dataSource
      .getRepository(Message)
      .findOneByOrFail({ inReplyToId: stored.id, direction: MessageDirection.OUTBOUND });
    expect(reply.status).not.toBe(MessageStatus.QUEUED);

    await waitFor(
      () =>
        app
          .http()
          .get('/health/ready')
          .then((response) => response.body.redis?.status),
      (status) => status === 'up',
      PATIENCE,
    );
    expect((await app.http().get('/metrics')).text).toMatch(/^vecino_redis_degraded 0$/m);
  });
});
