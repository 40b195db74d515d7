import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { MESSAGE_RETENTION_BATCH, MessageBodyRetention } from '../src/maintenance/message-body-retention.js';
import { InboundSmsService } from '../src/messaging/inbound/inbound-sms.service.js';
import { Message, MessageDirection, MessageStatus } from '../src/messaging/message.entity.js';
import { OutboundMessagesService } from '../src/messaging/outbound/outbound-messages.service.js';
import { BODY_PURGED } from '../src/messaging/outbound/outbound-sms.processor.js';
import { REDIS } from '../src/redis/redis.module.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const DAY_MS = 86_400_000;
const MESSAGES = `query Messages($filter: MessageFilter) {
  messages(filter: $filter, first: 100) { totalCount edges { node { id body bodyPurgedAt status direction } } }
}`;
const BROADCAST = `query Broadcast($id: ID!) {
  broadcast(id: $id) { status total queued sending sent delivered failed skipped }
}`;

interface MessageNode {
  id: string;
  body: string | null;
  bodyPurgedAt: string | null;
  status: string;
  direction: string;
}

describe('message body retention (worker job, real PostgreSQL)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let app: TestApp;
  let dataSource: DataSource;
  let retention: MessageBodyRetention;
  let admin: string;
  let zoneId: string;
  let phoneCounter = 0;

  const row = (id: string) => dataSource.getRepository(Message).findOneByOrFail({ id });
  /** Moves messages back in time by `days`, as if written then. */
  const backdate = (ids: string[], days: number) =>
    dataSource.query(
      `UPDATE messages SET created_at = created_at - make_interval(days => $2) WHERE id = ANY($1)`,
      [ids, days],
    );

  const newZone = async (code: string): Promise<string> => {
    const zone = await app.graphql<{ createZone: { id: string } }>(
      'mutation Zone($code: String!) { createZone(input: { code: $code, name: $code }) { id } }',
      { code },
      admin,
    );
    return zone.data?.createZone.id as string;
  };

  const volunteer = async (): Promise<{ id: string; phone: string }> => {
    const phone = `+1414287${String(1000 + ++phoneCounter).padStart(4, '0')}`;
    const created = await app.graphql<{ createVolunteer: { id: string } }>(
      `mutation Create($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
      { input: { name: `Retained ${phoneCounter}`, phone, zoneIds: [zoneId] } },
      admin,
    );
    const id = created.data?.createVolunteer.id;
    if (!id) throw new Error(`createVolunteer failed: ${JSON.stringify(created.errors)}`);
    return { id, phone };
  };

  /** A text sent through the worker and the fake Twilio, once it is SENT. */
  const sentText = async (to: { id: string; phone: string }, body: string): Promise<Message> => {
    const [message] = await app.api
      .get(OutboundMessagesService)
      .send([{ volunteerId: to.id, phone: to.phone, body }]);
    return waitFor(
      () => row(message.id),
      (current) => current.status === MessageStatus.SENT,
    );
  };

  /** An inbound text through the webhook's path; returns its row. */
  const inboundText = async (from: string, body: string): Promise<Message> => {
    const providerSid = `SM${randomBytes(16).toString('hex')}`;
    await app.api.get(InboundSmsService).receive({ providerSid, from, body });
    return dataSource.getRepository(Message).findOneByOrFail({ providerSid });
  };

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      worker: true,
      env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '500', MESSAGE_RETENTION_DAYS: '30' },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    dataSource = app.api.get(DataSource);
    retention = (app.worker as NonNullable<TestApp['worker']>).get(MessageBodyRetention);
    admin = await app.tokenFor(StaffRole.ADMIN);
    zoneId = await newZone('KEEP');
  });
  beforeEach(() => clock.reset());
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await app?.close();
    await fake.close();
  });

  it('wipes the bodies older than MESSAGE_RETENTION_DAYS, in and out, and keeps every other column', async () => {
    const rita = await volunteer();
    const oldOut = await sentText(rita, 'Pantry pickup at 5, bring the van');
    const oldIn = await inboundText(rita.phone, 'Can someone check on the family at 12th and Vine?');
    const stranger = await inboundText('+14145550199', 'They are at the door of building 4');
    const recentOut = await sentText(rita, 'Thanks for today');
    const recentIn = await inboundText(rita.phone, 'See you tomorrow');
    const old = [oldOut, oldIn, stranger].map((message) => message.id);
    const recent = [recentOut, recentIn].map((message) => message.id);
    await backdate(old, 31);
    // Just inside the window: kept.
    await backdate(recent, 29);
    const before = new Map(
      await Promise.all([...old, ...recent].map(async (id) => [id, await row(id)] as const)),
    );

    expect(await retention.purgeOnce()).toBe(3);

    for (const id of old) {
      const { body, bodyPurgedAt, ...kept } = await row(id);
      const { body: bodyBefore, bodyPurgedAt: purgedBefore, ...keptBefore } = before.get(id) as Message;
      expect({ bodyBefore, purgedBefore }).toEqual({ bodyBefore: expect.any(String), purgedBefore: null });
      expect(body).toBeNull();
      expect(bodyPurgedAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
      // Direction, status, phone, volunteer, SIDs, command, inbox flag, timings (updatedAt too): all as they were.
      expect(kept).toEqual(keptBefore);
    }
    for (const id of recent) expect(await row(id)).toEqual(before.get(id));

    const listed = await app.graphql<{ messages: { edges: { node: MessageNode }[] } }>(MESSAGES, {}, admin);
    expect(listed.errors).toBeUndefined();
    const nodes = new Map(listed.data?.messages.edges.map(({ node }) => [node.id, node]));
    expect(nodes.get(stranger.id)).toMatchObject({
      body: null,
      bodyPurgedAt: expect.any(String),
      direction: MessageDirection.INBOUND,
      status: MessageStatus.RECEIVED,
    });
    expect(nodes.get(oldOut.id)).toMatchObject({ body: null, status: MessageStatus.SENT });
    expect(nodes.get(recentIn.id)).toMatchObject({ body: 'See you tomorrow', bodyPurgedAt: null });

    // A second run finds nothing: the first wipe's time stays.
    const afterFirst = await row(oldIn.id);
    expect(await retention.purgeOnce()).toBe(0);
    expect(await row(oldIn.id)).toEqual(afterFirst);
  });

  it('follows the clock: a body is wiped once MESSAGE_RETENTION_DAYS have passed since it was written', async () => {
    const text = await inboundText((await volunteer()).phone, 'Running late');
    clock.advance(30 * DAY_MS - 60_000);
    await retention.purgeOnce();
    expect(await row(text.id)).toMatchObject({ body: 'Running late', bodyPurgedAt: null });
    clock.advance(120_000);
    const purgedFrom = clock.now().getTime();
    await retention.purgeOnce();
    const purged = await row(text.id);
    expect(purged.body).toBeNull();
    // Stamped with the job's clock, a month ahead of the database's.
    expect(purged.bodyPurgedAt?.getTime()).toBeGreaterThanOrEqual(purgedFrom);
    expect(purged.bodyPurgedAt?.getTime()).toBeLessThanOrEqual(clock.now().getTime());
  });

  it('keeps a broadcast’s counts when its texts’ bodies are wiped', async () => {
    zoneId = await newZone('DRILL');
    const recipients = [await volunteer(), await volunteer(), await volunteer()];
    const sent = await app.graphql<{ sendBroadcast: { id: string } }>(
      `mutation Send($input: SendBroadcastInput!) { sendBroadcast(input: $input) { id } }`,
      { input: { body: 'Rapid response drill tonight', zoneIds: [zoneId] } },
      admin,
    );
    const id = sent.data?.sendBroadcast.id as string;
    const counts = () =>
      app.graphql<{ broadcast: Record<string, unknown> }>(BROADCAST, { id }, admin).then((r) => r.data);
    const settled = await waitFor(
      counts,
      (data) => data?.broadcast.status === 'COMPLETED' && data.broadcast.sent === recipients.length,
    );
    const ids: { id: string }[] = await dataSource.query('SELECT id FROM messages WHERE broadcast_id = $1', [
      id,
    ]);
    await backdate(
      ids.map((message) => message.id),
      31,
    );

    expect(await retention.purgeOnce()).toBe(recipients.length);
    expect(await counts()).toEqual(settled);
  });

  it('skips, never sends, a queued text whose body was wiped before the sender got to it', async () => {
    const to = await volunteer();
    const outbound = app.api.get(OutboundMessagesService);
    // Written, not yet dispatched: as if the worker had been down past the retention window.
    const [queued] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Stale reminder' }]),
    );
    await backdate([queued.id], 31);
    expect(await retention.purgeOnce()).toBe(1);

    await outbound.dispatch([queued]);
    const skipped = await waitFor(
      () => row(queued.id),
      (current) => current.status !== MessageStatus.QUEUED,
    );
    expect(skipped).toMatchObject({
      status: MessageStatus.SKIPPED,
      errorCode: BODY_PURGED,
      providerSid: null,
    });
    expect(fake.received.filter((request) => request.to === to.phone)).toEqual([]);
  });

  it('leaves an inbound text wiped before it was processed unanswered', async () => {
    const from = (await volunteer()).phone;
    const inbound = app.api.get(InboundSmsService);
    // Stored but never processed (the API was down for the whole window).
    const id = await inbound.store({
      providerSid: `SM${randomBytes(16).toString('hex')}`,
      from,
      body: 'HELP me',
    });
    await backdate([id as string], 31);
    expect(await retention.purgeOnce()).toBe(1);

    expect(await inbound.process(id as string)).toEqual([]);
    const replies: unknown[] = await dataSource.query('SELECT 1 FROM messages WHERE in_reply_to_id = $1', [
      id,
    ]);
    expect(replies).toEqual([]);
  });

  it('works through a large backlog in batches, and two workers at once wipe each body once', async () => {
    const backlog = MESSAGE_RETENTION_BATCH * 2 + 500;
    await dataSource.query(
      `INSERT INTO messages (direction, status, phone, body, created_at)
       SELECT 'INBOUND', 'RECEIVED', '+14145550100', 'backlog ' || n, now() - interval '40 days' - n * interval '1 second'
         FROM generate_series(1, $1) AS n`,
      [backlog],
    );
    // A second worker's copy of the job: the API's own connection pool, the same database.
    const second = new MessageBodyRetention(dataSource, app.api.get<Redis>(REDIS), app.config, clock);
    const workerDataSource = (app.worker as NonNullable<TestApp['worker']>).get(DataSource);
    const statements = [jest.spyOn(dataSource, 'query'), jest.spyOn(workerDataSource, 'query')];

    const [first, other] = await Promise.all([retention.purgeOnce(), second.purgeOnce()]);

    expect(first + other).toBe(backlog);
    // A statement wipes one batch at most, so two and a bit batches took at least three (one without LIMIT: two).
    const statementCount = statements.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    expect(statementCount).toBeGreaterThanOrEqual(Math.ceil(backlog / MESSAGE_RETENTION_BATCH));
    const [{ left, wiped }]: { left: number; wiped: number }[] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE body IS NOT NULL)::int AS left,
              count(*) FILTER (WHERE body_purged_at IS NOT NULL)::int AS wiped
         FROM messages WHERE phone = '+14145550100'`,
    );
    expect({ left, wiped }).toEqual({ left: 0, wiped: backlog });
  });
});
