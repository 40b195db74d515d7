import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { PubSub } from '../src/graphql/pubsub.js';
import { BroadcastFanOutProcessor } from '../src/messaging/broadcasts/broadcast-fan-out.processor.js';
import { BroadcastFanOutReconciler } from '../src/messaging/broadcasts/broadcast-fan-out.reconciler.js';
import { BROADCASTS_QUEUE } from '../src/messaging/broadcasts/broadcasts.queue.js';
import { OutboxReconciler } from '../src/messaging/outbound/outbox-reconciler.js';
import { redisKey } from '../src/redis/redis.module.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const BROADCAST_FIELDS = `id status total queued sending sent delivered failed skipped awaitingFanOut eta warnings
  body bodyByLanguage { language body } zoneIds skills languages urgent createdAt cancelledAt completedAt`;
const SEND = `mutation Send($input: SendBroadcastInput!) { sendBroadcast(input: $input) { ${BROADCAST_FIELDS} } }`;
const GET = `query Get($id: ID!) { broadcast(id: $id) { ${BROADCAST_FIELDS} } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelBroadcast(id: $id) { ${BROADCAST_FIELDS} } }`;
const PROGRESS = `subscription Progress($id: ID!) { broadcastProgress(id: $id) { ${BROADCAST_FIELDS} } }`;
const LIST = `query List($first: Int, $after: String) {
  broadcasts(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id total sent } } }
}`;

interface BroadcastResult {
  id: string;
  status: 'FANNING_OUT' | 'SENDING' | 'COMPLETED' | 'CANCELLED';
  total: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  awaitingFanOut: number;
  eta: string | null;
  warnings: string[];
  body: string;
  bodyByLanguage: { language: string; body: string }[];
  zoneIds: string[];
  skills: string[];
  languages: string[];
  urgent: boolean;
  cancelledAt: string | null;
  completedAt: string | null;
}

interface SeededVolunteer {
  id: string;
  phone: string;
  preferredLanguage: string;
}

interface SeedOptions {
  /** Three digits that make this batch's numbers its own: +1414<prefix><0001…>. */
  phonePrefix: string;
  language?: (index: number) => string;
  skills?: (index: number) => string[];
  zoneId?: string;
  status?: 'ACTIVE' | 'PAUSED' | 'INACTIVE';
}

/** Volunteers in bulk, straight into the database: thousands in one statement. */
async function seedVolunteers(app: TestApp, count: number, options: SeedOptions): Promise<SeededVolunteer[]> {
  const dataSource = app.api.get(DataSource);
  const indexes = Array.from({ length: count }, (_, index) => index + 1);
  const rows: { id: string; phone: string; preferred_language: string }[] = await dataSource.query(
    `INSERT INTO volunteers (name, phone, preferred_language, languages, skills, status)
     SELECT t.name, t.phone, t.language, ARRAY[t.language], string_to_array(t.skills, ',')::text[], $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(name, phone, language, skills)
     RETURNING id, phone, preferred_language`,
    [
      indexes.map((index) => `Volunteer ${options.phonePrefix}-${index}`),
      indexes.map((index) => `+1414${options.phonePrefix}${String(index).padStart(4, '0')}`),
      indexes.map(options.language ?? (() => 'en')),
      indexes.map((index) => (options.skills?.(index) ?? []).join(',')),
      options.status ?? 'ACTIVE',
    ],
  );
  if (options.zoneId) {
    await dataSource.query(
      `INSERT INTO volunteer_zones (volunteers_id, zones_id) SELECT unnest($1::uuid[]), $2`,
      [rows.map((row) => row.id), options.zoneId],
    );
  }
  return rows.map((row) => ({ id: row.id, phone: row.phone, preferredLanguage: row.preferred_language }));
}

async function createZone(app: TestApp, adminToken: string): Promise<string> {
  const code = `Z${randomBytes(3).toString('hex').toUpperCase()}`;
  const created = await app.graphql<{ createZone: { id: string } }>(
    `mutation { createZone(input: { code: "${code}", name: "Zone ${code}" }) { id } }`,
    {},
    adminToken,
  );
  return created.data?.createZone.id as string;
}

async function sendBroadcast(
  app: TestApp,
  token: string,
  input: Record<string, unknown>,
): Promise<BroadcastResult> {
  const response = await app.graphql<{ sendBroadcast: BroadcastResult }>(SEND, { input }, token);
  if (!response.data?.sendBroadcast)
    throw new Error(`sendBroadcast failed: ${JSON.stringify(response.errors)}`);
  return response.data.sendBroadcast;
}

async function getBroadcast(app: TestApp, token: string, id: string): Promise<BroadcastResult> {
  const response = await app.graphql<{ broadcast: BroadcastResult }>(GET, { id }, token);
  if (!response.data?.broadcast) throw new Error(`broadcast failed: ${JSON.stringify(response.errors)}`);
  return response.data.broadcast;
}

/** Thousands of texts take a while on a busy machine; each poll of a broadcast counts its messages. */
const PATIENCE = { timeoutMs: 45_000, intervalMs: 50 };

function waitForBroadcast(
  app: TestApp,
  token: string,
  id: string,
  done: (broadcast: BroadcastResult) => boolean,
): Promise<BroadcastResult> {
  return waitFor(() => getBroadcast(app, token, id), done, PATIENCE);
}

const finished = (broadcast: BroadcastResult) => broadcast.status === 'COMPLETED';

/** A volunteer texts STOP through the signed webhook; resolves once the opt-out is recorded. */
async function textStop(app: TestApp, phone: string): Promise<void> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const response = await postSignedTwilioForm(app, '/webhooks/twilio/sms', {
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: TEST_TWILIO.accountSid,
    MessagingServiceSid: TEST_TWILIO.messagingServiceSid,
    From: phone,
    To: '+14142860000',
    Body: 'STOP',
    NumMedia: '0',
  });
  expect(response.status).toBe(200);
  const dataSource = app.api.get(DataSource);
  await waitFor(
    () => dataSource.query(`SELECT sms_status FROM volunteers WHERE phone = $1`, [phone]),
    (rows: { sms_status: string }[]) => rows[0]?.sms_status === 'OPTED_OUT',
    PATIENCE,
  );
}

function fanOutWorker(app: TestApp) {
  return (app.worker as NonNullable<TestApp['worker']>).get(BroadcastFanOutProcessor).worker;
}

const ENGLISH = 'Know-your-rights training Saturday 10:00 at the Central Library. Bring a friend!';
const SPANISH_INPUT = '¡Capacitación “Conozca sus derechos” el sábado 10:00 en la Biblioteca Central!';
/** As sent: typographic quotes become GSM-7 ones. */
const SPANISH_SENT = '¡Capacitación "Conozca sus derechos" el sábado 10:00 en la Biblioteca Central!';

describe('broadcasts (Twilio transport against the fake, worker running)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let app: TestApp;
  let dataSource: DataSource;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({ worker: true, env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '500' } });
    dataSource = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
  });
  afterAll(async () => {
    await app?.close();
    await fake.close();
  });
  afterEach(() => {
    fake.responseDelayMs = 0;
  });

  it('texts every active, subscribed volunteer once, in their language, and ends with exact counts', async () => {
    // 2,000 recipients: every 4th prefers Spanish, every 100th French (no variant: the default body).
    const volunteers = await seedVolunteers(app, 2000, {
      phonePrefix: '200',
      language: (index) => (index % 4 === 0 ? 'es' : index % 100 === 1 ? 'fr' : 'en'),
    });
    const inactive = [
      ...(await seedVolunteers(app, 3, { phonePrefix: '201', status: 'PAUSED' })),
      ...(await seedVolunteers(app, 3, { phonePrefix: '202', status: 'INACTIVE' })),
    ];
    const [stopped] = await seedVolunteers(app, 1, { phonePrefix: '203' });
    await textStop(app, stopped.phone);

    const sent = await sendBroadcast(app, coordinator, {
      body: ENGLISH,
      bodyByLanguage: [{ language: 'es', body: SPANISH_INPUT }],
    });
    expect(sent).toMatchObject({
      body: ENGLISH,
      bodyByLanguage: [{ language: 'es', body: SPANISH_SENT }],
      zoneIds: [],
      skills: [],
      languages: [],
      urgent: false,
      warnings: [],
    });

    // Once fanned out, the volunteer texted last (volunteers go in id order) opts out before their text goes.
    await waitForBroadcast(app, coordinator, sent.id, (broadcast) => broadcast.status !== 'FANNING_OUT');
    const lastInLine = volunteers.reduce((last, volunteer) => (volunteer.id > last.id ? volunteer : last));
    await textStop(app, lastInLine.phone);

    const done = await waitForBroadcast(app, coordinator, sent.id, finished);
    expect(done).toMatchObject({
      total: 2000,
      queued: 0,
      sending: 0,
      sent: 1999,
      delivered: 0,
      failed: 0,
      skipped: 1,
      awaitingFanOut: 0,
      eta: null,
    });
    expect(done.completedAt).not.toBeNull();

    const messages: {
      volunteer_id: string;
      status: string;
      error_code: string | null;
      language: string | null;
    }[] = await dataSource.query(
      `SELECT volunteer_id, status, error_code, language FROM messages WHERE broadcast_id = $1`,
      [sent.id],
    );
    expect(new Set(messages.map((message) => message.volunteer_id))).toEqual(
      new Set(volunteers.map((volunteer) => volunteer.id)),
    );
    expect(messages.filter((message) => message.status === 'SKIPPED')).toEqual([
      expect.objectContaining({ volunteer_id: lastInLine.id, status: 'SKIPPED', error_code: 'OPTED_OUT' }),
    ]);
    const languageById = new Map(volunteers.map((volunteer) => [volunteer.id, volunteer.preferredLanguage]));
    for (const message of messages) {
      expect(message.language).toBe(languageById.get(message.volunteer_id) === 'es' ? 'es' : null);
    }

    // What the provider got: one text per recipient, none to the paused, inactive or opted-out.
    const received = fake.received.filter(
      (request) => request.body === ENGLISH || request.body === SPANISH_SENT,
    );
    expect(received).toHaveLength(1999);
    const bodyByPhone = new Map(received.map((request) => [request.to, request.body]));
    expect(bodyByPhone.size).toBe(1999);
    for (const volunteer of volunteers.filter((candidate) => candidate !== lastInLine)) {
      expect(bodyByPhone.get(volunteer.phone)).toBe(
        volunteer.preferredLanguage === 'es' ? SPANISH_SENT : ENGLISH,
      );
    }
    for (const excluded of [...inactive, stopped, lastInLine])
      expect(bodyByPhone.has(excluded.phone)).toBe(false);
  });

  it('narrows to a segment: any of its zones, all of its skills, any of its languages', async () => {
    const [north, south] = [await createZone(app, admin), await createZone(app, admin)];
    const seed = (phonePrefix: string, zoneId: string, language: string, skills: string[]) =>
      seedVolunteers(app, 1, { phonePrefix, zoneId, language: () => language, skills: () => skills });
    const [driverEs] = await seed('210', north, 'es', ['DRIVER', 'HAS_CAR']);
    const [driverFr] = await seed('211', north, 'fr', ['DRIVER']);
    await seed('212', north, 'es', ['HAS_CAR']);
    await seed('213', north, 'en', ['DRIVER']);
    await seed('214', south, 'es', ['DRIVER']);

    const sent = await sendBroadcast(app, coordinator, {
      body: 'Drivers needed tonight in the north zone.',
      zoneIds: [north],
      skills: ['DRIVER'],
      languages: ['es', 'fr'],
      urgent: true,
    });
    expect(sent).toMatchObject({
      zoneIds: [north],
      skills: ['DRIVER'],
      languages: ['es', 'fr'],
      urgent: true,
    });
    const done = await waitForBroadcast(app, coordinator, sent.id, finished);
    expect(done).toMatchObject({ total: 2, sent: 2, skipped: 0 });
    const recipients: { volunteer_id: string }[] = await dataSource.query(
      `SELECT volunteer_id FROM messages WHERE broadcast_id = $1 ORDER BY volunteer_id`,
      [sent.id],
    );
    expect(recipients.map((row) => row.volunteer_id)).toEqual([driverEs.id, driverFr.id].sort());

    const list = await app.graphql<{
      broadcasts: { totalCount: number; edges: { node: { id: string; total: number; sent: number } }[] };
    }>(LIST, { first: 100 }, coordinator);
    expect(list.errors).toBeUndefined();
    expect(list.data?.broadcasts.edges.map((edge) => edge.node)).toContainEqual({
      id: sent.id,
      total: 2,
      sent: 2,
    });
  });

  it('rejects bodies over three segments and unknown zones, naming the field', async () => {
    const nobody = await createZone(app, admin);
    const attempt = (input: Record<string, unknown>) =>
      app.graphql(SEND, { input: { zoneIds: [nobody], ...input } }, coordinator);
    const fieldOf = (response: Awaited<ReturnType<typeof attempt>>) => ({
      code: response.errors?.[0]?.extensions?.code,
      field: response.errors?.[0]?.extensions?.field,
    });

    // GSM-7: 3 segments hold 459 characters; UCS-2 (accents outside GSM-7, such as á): 201.
    expect(fieldOf(await attempt({ body: 'a'.repeat(459) }))).toEqual({ code: undefined, field: undefined });
    expect(fieldOf(await attempt({ body: 'a'.repeat(460) }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'body',
    });
    expect(fieldOf(await attempt({ body: '   ' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'body' });
    const spanishTooLong = await attempt({
      body: 'Meeting tonight.',
      bodyByLanguage: [{ language: 'es', body: 'á'.repeat(202) }],
    });
    expect(fieldOf(spanishTooLong)).toEqual({ code: 'BAD_USER_INPUT', field: 'bodyByLanguage.es' });
    expect(spanishTooLong.errors?.[0]?.message).toContain('4 SMS segments');
    const twice = await attempt({
      body: 'Meeting tonight.',
      bodyByLanguage: [
        { language: 'es', body: 'Reunión esta noche.' },
        { language: 'es', body: 'Junta esta noche.' },
      ],
    });
    expect(fieldOf(twice)).toEqual({ code: 'BAD_USER_INPUT', field: 'bodyByLanguage.es' });
    expect(fieldOf(await attempt({ body: 'Hi', zoneIds: ['00000000-0000-4000-8000-000000000000'] }))).toEqual(
      {
        code: 'BAD_USER_INPUT',
        field: 'zoneIds',
      },
    );
  });

  it('is for coordinators and admins: a trainer gets FORBIDDEN', async () => {
    const trainer = await app.tokenFor(StaffRole.TRAINER);
    const someBroadcast = await sendBroadcast(app, admin, {
      body: 'For the forbidden test.',
      zoneIds: [await createZone(app, admin)],
    });
    const attempts = [
      await app.graphql(SEND, { input: { body: 'Hello' } }, trainer),
      await app.graphql(GET, { id: someBroadcast.id }, trainer),
      await app.graphql(LIST, {}, trainer),
      await app.graphql(CANCEL, { id: someBroadcast.id }, trainer),
    ];
    for (const response of attempts) expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps a coordinator limited to zones within them', async () => {
    const [own, other] = [await createZone(app, admin), await createZone(app, admin)];
    const local = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [own] });
    const outside = await app.graphql(SEND, { input: { body: 'Hi', zoneIds: [other] } }, local);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zoneIds' });

    const mine = await sendBroadcast(app, local, { body: 'Hi, my zone.' });
    expect(mine.zoneIds).toEqual([own]);
    const theirs = await sendBroadcast(app, admin, { body: 'Hi, other zone.', zoneIds: [other] });
    expect((await app.graphql(GET, { id: theirs.id }, local)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    const list = await app.graphql<{ broadcasts: { edges: { node: { id: string } }[] } }>(LIST, {}, local);
    expect(list.data?.broadcasts.edges.map((edge) => edge.node.id)).toEqual([mine.id]);
  });

  it('cancelled while fanning out: the fan-out stops and writes nothing', async () => {
    const zone = await createZone(app, admin);
    await seedVolunteers(app, 50, { phonePrefix: '220', zoneId: zone });
    const worker = fanOutWorker(app);
    await worker.pause();
    try {
      const sent = await sendBroadcast(app, coordinator, { body: 'Paused fan-out.', zoneIds: [zone] });
      const before = Date.now();
      const waiting = await getBroadcast(app, coordinator, sent.id);
      expect(waiting).toMatchObject({ status: 'FANNING_OUT', total: 0, awaitingFanOut: 50 });
      // 50 texts at 500/s: a tenth of a second from now.
      expect(Date.parse(waiting.eta as string) - before).toBeGreaterThanOrEqual(50);
      expect(Date.parse(waiting.eta as string) - before).toBeLessThan(2000);

      const cancelled = await app.graphql<{ cancelBroadcast: BroadcastResult }>(
        CANCEL,
        { id: sent.id },
        coordinator,
      );
      expect(cancelled.data?.cancelBroadcast).toMatchObject({ status: 'CANCELLED', total: 0, eta: null });
      worker.resume();
      const queue = app.worker?.get<Queue>(getQueueToken(BROADCASTS_QUEUE)) as Queue;
      await waitFor(
        () => queue.getJob(sent.id),
        (job) => job === undefined,
        PATIENCE,
      );
      expect(await getBroadcast(app, coordinator, sent.id)).toMatchObject({ status: 'CANCELLED', total: 0 });
    } finally {
      worker.resume();
    }
  });

  it('cancelled mid-send: nothing more goes out, and the counts add up', async () => {
    const zone = await createZone(app, admin);
    const volunteers = await seedVolunteers(app, 600, { phonePrefix: '230', zoneId: zone });
    const phones = new Set(volunteers.map((volunteer) => volunteer.phone));
    fake.responseDelayMs = 150; // ten sends in flight at a time: about 65 a second
    const sent = await sendBroadcast(app, coordinator, { body: 'Cancel me mid-way.', zoneIds: [zone] });
    await waitForBroadcast(app, coordinator, sent.id, (broadcast) => broadcast.sent >= 60);

    const response = await app.graphql<{ cancelBroadcast: BroadcastResult }>(
      CANCEL,
      { id: sent.id },
      coordinator,
    );
    const cancelledAt = Date.now();
    const cancelled = response.data?.cancelBroadcast as BroadcastResult;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', total: 600, queued: 0 });
    expect(cancelled.sent).toBeLessThan(600);

    // Texts already handed over when it was cancelled may still finish; nothing else is sent.
    const settled = await waitForBroadcast(app, coordinator, sent.id, (broadcast) => broadcast.sending === 0);
    expect(settled).toMatchObject({ status: 'CANCELLED', total: 600, queued: 0, sending: 0, failed: 0 });
    expect(settled.sent + settled.skipped).toBe(600);
    expect(settled.sent).toBeLessThanOrEqual(cancelled.sent + cancelled.sending);
    const lateRequests = fake.received.filter(
      (request) => phones.has(request.to) && request.at.getTime() > cancelledAt,
    );
    expect(lateRequests.length).toBeLessThanOrEqual(cancelled.sending);
    expect(fake.received.filter((request) => phones.has(request.to))).toHaveLength(settled.sent);
    const [skipped] = await dataSource.query(
      `SELECT count(*)::int AS count FROM messages
        WHERE broadcast_id = $1 AND status = 'SKIPPED' AND error_code = 'CANCELLED' AND provider_sid IS NULL`,
      [sent.id],
    );
    expect(skipped.count).toBe(settled.skipped);
    await sleep(1000);
    expect(await getBroadcast(app, coordinator, sent.id)).toEqual(settled);
  });

  it('relays events from the worker to the API through Redis, in order, and lets the channel go on return()', async () => {
    const apiSide = app.api.get(PubSub);
    const workerSide = (app.worker as NonNullable<TestApp['worker']>).get(PubSub);
    expect(apiSide).not.toBe(workerSide);
    const stream = await apiSide.subscribe('pubsub-test', (payload) => payload as { n: number });
    for (const n of [1, 2, 3]) await workerSide.publish('pubsub-test', { n });
    const received = [await stream.next(), await stream.next(), await stream.next()];
    expect(received.map((result) => result.value)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);

    const waiting = stream.next();
    await stream.return();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    const redis = new Redis(app.config.redisUrl);
    try {
      expect(await redis.pubsub('NUMSUB', redisKey(app.config, 'pubsub', 'pubsub-test'))).toEqual([
        redisKey(app.config, 'pubsub', 'pubsub-test'),
        0,
      ]);
    } finally {
      redis.disconnect();
    }
  });

  it('streams progress over graphql-ws until the broadcast completes', async () => {
    await app.api.listen(0, '127.0.0.1');
    const { port } = app.api.getHttpServer().address() as AddressInfo;
    const clientFor = (token: string) =>
      createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
    const zone = await createZone(app, admin);
    await seedVolunteers(app, 300, { phonePrefix: '240', zoneId: zone });
    fake.responseDelayMs = 100; // about 100 a second: three seconds of progress
    const sent = await sendBroadcast(app, coordinator, { body: 'Progress, please.', zoneIds: [zone] });

    const client = clientFor(coordinator);
    const events: BroadcastResult[] = [];
    try {
      for await (const result of client.iterate<{ broadcastProgress: BroadcastResult }>({
        query: PROGRESS,
        variables: { id: sent.id },
      })) {
        expect(result.errors).toBeUndefined();
        events.push(result.data?.broadcastProgress as BroadcastResult);
        if (events.at(-1)?.status === 'COMPLETED') break;
      }
    } finally {
      await client.dispose();
    }
    // Progress before the end, then the end. How many updates a loaded machine leaves time for varies, so no more.
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0].status).not.toBe('COMPLETED');
    expect(events[0].sent).toBeLessThan(300);
    expect(events.at(-1)).toMatchObject({
      status: 'COMPLETED',
      total: 300,
      sent: 300,
      queued: 0,
      sending: 0,
    });
    for (let index = 1; index < events.length; index++) {
      expect(events[index].sent).toBeGreaterThanOrEqual(events[index - 1].sent);
    }

    // Over graphql-ws too, errors carry the same codes as over HTTP.
    const trainerClient = clientFor(await app.tokenFor(StaffRole.TRAINER));
    try {
      const attempt = await trainerClient.iterate({ query: PROGRESS, variables: { id: sent.id } }).next();
      expect(attempt.value).toEqual({
        errors: [
          expect.objectContaining({
            message: 'This needs the role ADMIN or COORDINATOR',
            extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
          }),
        ],
      });
    } finally {
      await trainerClient.dispose();
    }
  });
});

describe('broadcasts when Redis loses its data mid-broadcast', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let redis: PrivateRedis;
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    // Its own Redis: flushing the shared one would wipe everybody's queues.
    redis = await startPrivateRedis();
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      worker: true,
      env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '500', REDIS_URL: redis.url },
    });
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
  });
  afterAll(async () => {
    await app?.close();
    await fake.close();
    await redis?.stop();
  });

  it('the reconcilers finish it: every recipient texted exactly once', async () => {
    const volunteers = await seedVolunteers(app, 1000, { phonePrefix: '300' });
    const worker = app.worker as NonNullable<TestApp['worker']>;
    const fanOut = fanOutWorker(app);

    // Lost before it ran: the fan-out job is gone, the broadcast stays FANNING_OUT until reconciled.
    await fanOut.pause();
    const sent = await sendBroadcast(app, coordinator, { body: 'Survives a Redis flush.' });
    await redis.flushAll();
    fanOut.resume();
    await sleep(300);
    expect(await getBroadcast(app, coordinator, sent.id)).toMatchObject({ status: 'FANNING_OUT', total: 0 });
    expect(await worker.get(BroadcastFanOutReconciler).reconcileOnce()).toEqual([sent.id]);

    // Lost mid-send: the jobs of the texts still queued are gone.
    fake.responseDelayMs = 20;
    await waitForBroadcast(app, coordinator, sent.id, (broadcast) => broadcast.sent >= 200);
    await redis.flushAll();
    const lost = await getBroadcast(app, coordinator, sent.id);
    expect(lost.total).toBe(1000);
    expect(lost.queued).toBeGreaterThan(0);

    const outbox = worker.get(OutboxReconciler);
    const done = await waitFor(
      async () => {
        await outbox.reconcileOnce();
        return getBroadcast(app, coordinator, sent.id);
      },
      finished,
      { ...PATIENCE, timeoutMs: 60_000 },
    );
    expect(done).toMatchObject({ total: 1000, sent: 1000, queued: 0, sending: 0, failed: 0, skipped: 0 });
    const received = fake.received.filter((request) => request.body === 'Survives a Redis flush.');
    expect(received).toHaveLength(1000);
    expect(new Set(received.map((request) => request.to))).toEqual(
      new Set(volunteers.map((volunteer) => volunteer.phone)),
    );
  });
});
