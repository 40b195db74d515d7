import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { Message, MessageStatus } from '../src/messaging/message.entity.js';
import { OutboundMessagesService } from '../src/messaging/outbound/outbound-messages.service.js';
import { OutboundSmsProcessor } from '../src/messaging/outbound/outbound-sms.processor.js';
import { OutboxReconciler } from '../src/messaging/outbound/outbox-reconciler.js';
import {
  SendInFlightError,
  SMS_OUTBOUND_QUEUE,
  SMS_SEND_ATTEMPTS,
} from '../src/messaging/outbound/outbound.queue.js';
import { SmsStatus, Volunteer } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const MESSAGES = `query Messages($filter: MessageFilter, $first: Int, $after: String) {
  messages(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id direction body status providerSid segments volunteer { id name } createdAt } }
  }
}`;
const SEND = `mutation Send($volunteerId: ID!, $body: String!) {
  sendMessage(volunteerId: $volunteerId, body: $body) { id status body segments errorCode volunteer { id } }
}`;

interface MessageNode {
  id: string;
  direction: string;
  body: string;
  status: MessageStatus;
  providerSid: string | null;
  segments: number;
  volunteer: { id: string; name: string } | null;
  createdAt: string;
}
interface MessagesPage {
  messages: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: MessageNode }[];
  };
}

describe('outbound SMS', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let app: TestApp;
  let admin: string;
  let dataSource: DataSource;
  let outbound: OutboundMessagesService;
  let queue: Queue;
  let zone: string;
  let phoneCounter = 0;

  const zoneOf = async (code: string) => {
    const created = await app.graphql<{ createZone: { id: string } }>(
      `mutation { createZone(input: { code: "${code}", name: "${code}" }) { id } }`,
      {},
      admin,
    );
    return created.data?.createZone.id as string;
  };

  const volunteer = async (zoneIds: string[] = [zone]): Promise<Volunteer> => {
    const phone = `+1414286${String(3000 + ++phoneCounter).padStart(4, '0')}`;
    const created = await app.graphql<{ createVolunteer: { id: string } }>(
      `mutation Create($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
      { input: { name: `Volunteer ${phoneCounter}`, phone, zoneIds } },
      admin,
    );
    const id = created.data?.createVolunteer.id;
    if (!id) throw new Error(`createVolunteer failed: ${JSON.stringify(created.errors)}`);
    return dataSource.getRepository(Volunteer).findOneByOrFail({ id });
  };

  const text = (to: Volunteer, body = 'Hello from the pantry', extra: { urgent?: boolean } = {}) =>
    outbound.send([{ volunteerId: to.id, phone: to.phone, body, ...extra }]).then(([message]) => message);

  const row = (id: string) => dataSource.getRepository(Message).findOneByOrFail({ id });
  const rowWhen = (id: string, accept: (message: Message) => boolean) => waitFor(() => row(id), accept);
  const requestsTo = (phone: string) => fake.received.filter((request) => request.to === phone);
  const statusCallback = (message: Message, params: Record<string, string>, options = {}) =>
    postSignedTwilioForm(
      app,
      `/webhooks/twilio/status?messageId=${message.id}`,
      { AccountSid: TEST_TWILIO.accountSid, MessageSid: message.providerSid ?? '', ...params },
      options,
    );

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      worker: true,
      env: {
        ...twilioEnv(baseUrl),
        SMS_RATE_PER_SECOND: '1000',
        SMS_RETRY_BASE_MS: '5',
        QUIET_HOURS: '21:00-08:00',
        OUTBOX_RECONCILE_INTERVAL_MS: '3600000',
      },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    admin = await app.tokenFor(StaffRole.ADMIN);
    dataSource = app.api.get(DataSource);
    outbound = app.api.get(OutboundMessagesService);
    queue = app.api.get<Queue>(getQueueToken(SMS_OUTBOUND_QUEUE), { strict: false });
    zone = await zoneOf('SOUTHSIDE');
  });

  beforeEach(() => {
    clock.standAt(12, app.config.networkTimezone);
  });

  afterAll(async () => {
    await app?.close();
    await fake.close();
  });

  it('sends a coordinator’s text through Twilio and applies the delivered receipt', async () => {
    const to = await volunteer();
    const coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    const sent = await app.graphql<{ sendMessage: Record<string, unknown> }>(
      SEND,
      { volunteerId: to.id, body: 'Thanks for tonight’s shift — see you “soon”' },
      coordinator,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.sendMessage).toMatchObject({
      status: 'QUEUED',
      body: `Thanks for tonight's shift - see you "soon"`,
      segments: 1,
      errorCode: null,
      volunteer: { id: to.id },
    });
    const id = sent.data?.sendMessage.id as string;

    const stored = await rowWhen(id, (message) => message.status === MessageStatus.SENT);
    const [request] = requestsTo(to.phone);
    expect(requestsTo(to.phone)).toHaveLength(1);
    expect(request).toMatchObject({
      body: `Thanks for tonight's shift - see you "soon"`,
      messagingServiceSid: TEST_TWILIO.messagingServiceSid,
      statusCallback: `https://vecino.test/webhooks/twilio/status?messageId=${id}`,
      sid: stored.providerSid,
    });
    expect(stored).toMatchObject({ attempts: 1, errorCode: null, segments: 1 });
    expect(stored.sentAt).toBeInstanceOf(Date);

    const receipt = await statusCallback(stored, { MessageStatus: 'delivered' });
    expect(receipt.status).toBe(204);
    const listed = await app.graphql<MessagesPage>(MESSAGES, { filter: { volunteerId: to.id } }, coordinator);
    expect(listed.data?.messages.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({
        id,
        status: 'DELIVERED',
        providerSid: stored.providerSid,
        direction: 'OUTBOUND',
      }),
    ]);
  });

  it('stores each SID on its own row when many sends finish together', async () => {
    const recipients = await Promise.all(Array.from({ length: 20 }, () => volunteer()));
    // Answers held back a little, so they arrive while earlier SIDs are being stored and get stored together.
    fake.responseDelayMs = 50;
    try {
      const messages = await outbound.send(
        recipients.map((to) => ({ volunteerId: to.id, phone: to.phone, body: 'The pantry is open until 6' })),
      );
      const stored = await Promise.all(
        messages.map((message) => rowWhen(message.id, (current) => current.status === MessageStatus.SENT)),
      );
      for (const message of stored) {
        const requests = requestsTo(message.phone);
        expect(requests).toHaveLength(1);
        expect(message).toMatchObject({ providerSid: requests[0].sid, attempts: 1 });
        expect(message.sentAt).toBeInstanceOf(Date);
      }
    } finally {
      fake.responseDelayMs = 0;
    }
  });

  it('waits out a 429 without using an attempt, then sends', async () => {
    const to = await volunteer();
    fake.failNext(1, { status: 429, code: 20429 });
    const message = await text(to);
    const sent = await rowWhen(message.id, (stored) => stored.status === MessageStatus.SENT);
    expect(requestsTo(to.phone).map((request) => request.response.status)).toEqual([429, 201]);
    expect(sent).toMatchObject({ errorCode: null, attempts: 2 });
    const job = await queue.getJob(message.id);
    expect(job?.attemptsMade).toBe(1);
  });

  it('retries a Twilio 500 with backoff, then sends', async () => {
    const to = await volunteer();
    fake.failNext(1, { status: 500, code: 20500 });
    const message = await text(to);
    const sent = await rowWhen(message.id, (stored) => stored.status === MessageStatus.SENT);
    expect(requestsTo(to.phone).map((request) => request.response.status)).toEqual([500, 201]);
    expect(sent).toMatchObject({ errorCode: null, attempts: 2 });
    expect((await queue.getJob(message.id))?.attemptsMade).toBe(2);
  });

  it('fails after the last retry with the last error code', async () => {
    const to = await volunteer();
    fake.failFor(to.phone, { status: 503, code: 20503 });
    const message = await text(to);
    const failed = await rowWhen(message.id, (stored) => stored.status === MessageStatus.FAILED);
    expect(failed).toMatchObject({ errorCode: '20503', attempts: SMS_SEND_ATTEMPTS, providerSid: null });
    expect(requestsTo(to.phone)).toHaveLength(SMS_SEND_ATTEMPTS);
    await waitFor(
      async () => (await queue.getJob(message.id))?.getState(),
      (state) => state === 'failed',
    );
  });

  it('fails a permanent error at once, with its code', async () => {
    const to = await volunteer();
    fake.failFor(to.phone, { status: 400, code: 21211 });
    const message = await text(to);
    const failed = await rowWhen(message.id, (stored) => stored.status === MessageStatus.FAILED);
    expect(failed).toMatchObject({ errorCode: '21211', attempts: 1 });
    expect(requestsTo(to.phone)).toHaveLength(1);
  });

  it('marks the volunteer opted out when Twilio says they unsubscribed (21610)', async () => {
    const to = await volunteer();
    fake.failFor(to.phone, { status: 400, code: 21610 });
    const message = await text(to);
    await rowWhen(
      message.id,
      (stored) => stored.status === MessageStatus.FAILED && stored.errorCode === '21610',
    );
    const after = await dataSource.getRepository(Volunteer).findOneByOrFail({ id: to.id });
    expect(after.smsStatus).toBe(SmsStatus.OPTED_OUT);
    expect(after.smsStatusChangedAt.getTime()).toBeGreaterThan(to.smsStatusChangedAt.getTime());
  });

  it('skips a text to a volunteer who opted out after it was queued, but not the opt-out confirmation', async () => {
    const to = await volunteer();
    const [message] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Shift tomorrow?' }]),
    );
    await dataSource.getRepository(Volunteer).update(to.id, { smsStatus: SmsStatus.OPTED_OUT });
    await outbound.dispatch([message]);
    const skipped = await rowWhen(message.id, (stored) => stored.status === MessageStatus.SKIPPED);
    expect(skipped).toMatchObject({ errorCode: 'OPTED_OUT', attempts: 0 });
    expect(requestsTo(to.phone)).toHaveLength(0);

    // The confirmation of the opt-out itself still goes.
    const [confirmation] = await outbound.send([
      {
        volunteerId: to.id,
        phone: to.phone,
        body: 'You will get no more texts',
        templateKey: 'opted_out_confirmation',
      },
    ]);
    await rowWhen(confirmation.id, (stored) => stored.status === MessageStatus.SENT);
    expect(requestsTo(to.phone).map((request) => request.body)).toEqual(['You will get no more texts']);
  });

  it('never sends a text twice: concurrent runs of its job, duplicate dispatches, a re-run after sending', async () => {
    const to = await volunteer();
    // Real time (the claim compares it with the row's timestamps) and urgent (so quiet hours cannot interfere).
    clock.reset();
    const [message] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Once only', urgent: true }]),
    );
    // The job waits in the delayed set (an hour), so this test runs it by hand, twice at once.
    const delayed = { ...message, notBefore: new Date(Date.now() + 3600_000) };
    await Promise.all([outbound.dispatch([delayed]), outbound.dispatch([delayed])]);
    const job = (await queue.getJob(message.id))!;
    expect(await job.getState()).toBe('delayed');
    const processor = app.worker!.get(OutboundSmsProcessor);
    const runs = await Promise.allSettled([processor.process(job), processor.process(job)]);
    const sent = runs.filter((run) => run.status === 'fulfilled' && run.value === 'sent');
    const held = runs.filter(
      (run) =>
        (run.status === 'fulfilled' && run.value === 'already-handled') ||
        (run.status === 'rejected' && run.reason instanceof SendInFlightError),
    );
    expect([sent.length, held.length]).toEqual([1, 1]);

    await job.promote();
    await waitFor(
      () => job.getState(),
      (state) => state === 'completed',
    );
    expect((await queue.getJob(message.id))?.returnvalue).toBe('already-handled');
    await outbound.dispatch([message]);
    expect(requestsTo(to.phone)).toHaveLength(1);
    expect(await row(message.id)).toMatchObject({ status: MessageStatus.SENT, attempts: 1 });
  });

  it('applies shuffled, duplicated status callbacks forward only, keeping the error code', async () => {
    const [first, second] = await Promise.all([volunteer(), volunteer()]);
    const delivered = await rowWhen((await text(first)).id, (stored) => stored.providerSid !== null);
    const undelivered = await rowWhen((await text(second)).id, (stored) => stored.providerSid !== null);

    for (const status of ['delivered', 'sent', 'sending', 'delivered', 'sent']) {
      expect((await statusCallback(delivered, { MessageStatus: status })).status).toBe(204);
    }
    await Promise.all(
      ['sent', 'undelivered', 'queued', 'sent', 'undelivered'].map((status) =>
        statusCallback(undelivered, {
          MessageStatus: status,
          ...(status === 'undelivered' ? { ErrorCode: '30003' } : {}),
        }),
      ),
    );
    await statusCallback(undelivered, { MessageStatus: 'sent' });

    expect(await row(delivered.id)).toMatchObject({ status: MessageStatus.DELIVERED, errorCode: null });
    expect(await row(undelivered.id)).toMatchObject({
      status: MessageStatus.UNDELIVERED,
      errorCode: '30003',
    });
  });

  it('answers forged, unsigned and URL-mismatched callbacks with 403 and changes nothing', async () => {
    const message = await rowWhen(
      (await text(await volunteer())).id,
      (stored) => stored.providerSid !== null,
    );
    const params = { MessageStatus: 'delivered' };
    const refused = await Promise.all([
      statusCallback(message, params, { authToken: 'not-the-auth-token' }),
      statusCallback(message, params, { signature: null }),
      statusCallback(message, params, { signature: 'bm90IGEgc2lnbmF0dXJl' }),
      statusCallback(message, params, { signedUrl: 'https://attacker.test/webhooks/twilio/status' }),
      statusCallback(message, params, { signedUrl: 'https://vecino.test/webhooks/twilio/status' }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await row(message.id)).toMatchObject({ status: MessageStatus.SENT });
  });

  it('attaches the SID of a text whose send was interrupted before the SID was stored, and does not resend it', async () => {
    const to = await volunteer();
    const [message] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Crash window' }]),
    );
    // As if a worker had claimed it, Twilio had accepted it, and the worker died before storing the SID.
    await dataSource
      .getRepository(Message)
      .update(message.id, { status: MessageStatus.SENDING, attempts: 1 });
    const receipt = await statusCallback(
      { ...message, providerSid: 'SM0123456789abcdef0123456789abcdef' },
      { MessageStatus: 'sent' },
    );
    expect(receipt.status).toBe(204);
    expect(await row(message.id)).toMatchObject({
      status: MessageStatus.SENT,
      providerSid: 'SM0123456789abcdef0123456789abcdef',
    });

    await outbound.dispatch([message]);
    await waitFor(
      async () => (await queue.getJob(message.id))?.getState(),
      (state) => state === 'completed',
    );
    expect(requestsTo(to.phone)).toHaveLength(0);
  });

  it('holds non-urgent texts during quiet hours until 08:00, and sends urgent ones', async () => {
    const to = await volunteer();
    clock.standAt(23, app.config.networkTimezone);
    const morning = DateTime.fromJSDate(clock.now(), { zone: app.config.networkTimezone })
      .plus({ days: 1 })
      .set({ hour: 8, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();

    const routine = await text(to, 'Reminder: shift tomorrow');
    const urgent = await text(to, 'Rapid response needed now', { urgent: true });
    expect(routine.notBefore).toEqual(morning);
    expect(urgent.notBefore).toBeNull();
    await rowWhen(urgent.id, (stored) => stored.status === MessageStatus.SENT);
    expect(requestsTo(to.phone).map((request) => request.body)).toEqual(['Rapid response needed now']);
    const job = await queue.getJob(routine.id);
    expect(await job?.getState()).toBe('delayed');
    expect(job!.timestamp + job!.delay).toBeGreaterThan(Date.now() + 8 * 3600_000);

    // Queued by day but reaching the worker at night: the worker itself defers it.
    clock.standAt(12, app.config.networkTimezone);
    const [daytime] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Queued at noon' }]),
    );
    clock.standAt(23, app.config.networkTimezone);
    await outbound.dispatch([daytime]);
    await waitFor(
      async () => (await queue.getJob(daytime.id))?.getState(),
      (state) => state === 'delayed',
    );
    expect(await row(daytime.id)).toMatchObject({ status: MessageStatus.QUEUED, notBefore: morning });
    expect(requestsTo(to.phone)).toHaveLength(1);
  });

  it('re-dispatches queued texts with no live job, and texts interrupted mid-send', async () => {
    const reconciler = app.worker!.get(OutboxReconciler);
    // Earlier tests' texts still in flight would look interrupted once the clock jumps: let them land first.
    await waitFor(
      () => dataSource.getRepository(Message).countBy({ status: MessageStatus.SENDING }),
      (sending) => sending === 0,
    );
    const to = await volunteer();
    // Committed but never dispatched (the producer died in between).
    const [undispatched] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Never dispatched' }]),
    );
    // Dispatched, then its job vanished (as when Redis loses its data).
    const later = new Date(clock.now().getTime() + 3600_000);
    const [vanished] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Job vanished' }]),
    );
    await outbound.dispatch([{ ...vanished, notBefore: later }]);
    await queue.remove(vanished.id);
    // Claimed by a worker that died before Twilio answered.
    const [interrupted] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: to.id, phone: to.phone, body: 'Interrupted' }]),
    );
    await dataSource
      .getRepository(Message)
      .update(interrupted.id, { status: MessageStatus.SENDING, attempts: 1 });

    clock.advance(5 * 60_000);
    expect(await reconciler.reconcileOnce()).toEqual({ requeued: 2, resumed: 1 });
    for (const id of [undispatched.id, vanished.id, interrupted.id]) {
      await rowWhen(id, (stored) => stored.status === MessageStatus.SENT);
    }
    expect(
      requestsTo(to.phone)
        .map((request) => request.body)
        .sort(),
    ).toEqual(['Interrupted', 'Job vanished', 'Never dispatched']);
    expect(await row(interrupted.id)).toMatchObject({ attempts: 2 });
    expect(await reconciler.reconcileOnce()).toEqual({ requeued: 0, resumed: 0 });
  });

  describe('coordinators', () => {
    let north: string;
    let coordinator: string;
    let northCoordinator: string;

    beforeAll(async () => {
      north = await zoneOf('NORTHSIDE');
      coordinator = await app.tokenFor(StaffRole.COORDINATOR);
      northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
    });

    it('pages through a volunteer’s texts newest first, without gaps or repeats', async () => {
      const to = await volunteer();
      const sentIds: string[] = [];
      for (let index = 0; index < 5; index++) sentIds.push((await text(to, `Text number ${index}`)).id);

      const seen: MessageNode[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: { data?: MessagesPage | null } = await app.graphql<MessagesPage>(
          MESSAGES,
          { filter: { volunteerId: to.id }, first: 2, after },
          coordinator,
        );
        const connection = page.data!.messages;
        expect(connection.totalCount).toBe(5);
        seen.push(...connection.edges.map((edge) => edge.node));
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      const newestFirst = await dataSource
        .getRepository(Message)
        .find({ where: { volunteerId: to.id }, order: { createdAt: 'DESC', id: 'DESC' } });
      expect(newestFirst.map((message) => message.id).sort()).toEqual([...sentIds].sort());
      expect(seen.map((node) => node.id)).toEqual(newestFirst.map((message) => message.id));
      expect(seen.every((node) => node.volunteer?.id === to.id)).toBe(true);
    });

    it('filters by status, direction and broadcast', async () => {
      const to = await volunteer();
      fake.failFor(to.phone, { status: 400, code: 21614 });
      const failed = await text(to, 'To a landline');
      await rowWhen(failed.id, (stored) => stored.status === MessageStatus.FAILED);
      const [{ id: broadcastId }] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO broadcasts (body) VALUES ('Food drive Saturday') RETURNING id`,
      );
      const [fromBroadcast] = await outbound.send([
        { volunteerId: to.id, phone: to.phone, body: 'Food drive Saturday', broadcastId },
      ]);
      await rowWhen(fromBroadcast.id, (stored) => stored.status === MessageStatus.FAILED);

      const ids = async (filter: Record<string, unknown>) => {
        const page = await app.graphql<MessagesPage>(MESSAGES, { filter, first: 100 }, coordinator);
        expect(page.errors).toBeUndefined();
        return page.data!.messages.edges.map((edge) => edge.node.id);
      };
      expect(await ids({ volunteerId: to.id, status: 'FAILED' })).toEqual([fromBroadcast.id, failed.id]);
      expect(await ids({ volunteerId: to.id, status: 'SENT' })).toEqual([]);
      expect(await ids({ volunteerId: to.id, direction: 'INBOUND' })).toEqual([]);
      expect(await ids({ broadcastId })).toEqual([fromBroadcast.id]);
      expect(await ids({ direction: 'OUTBOUND', broadcastId })).toEqual([fromBroadcast.id]);
    });

    it('shows a coordinator limited to zones only their zones’ volunteers’ texts', async () => {
      const northVolunteer = await volunteer([north]);
      const southVolunteer = await volunteer([zone]);
      const northText = await text(northVolunteer, 'North side news');
      await text(southVolunteer, 'South side news');

      const page = await app.graphql<MessagesPage>(MESSAGES, { first: 100 }, northCoordinator);
      expect(page.data!.messages.edges.map((edge) => edge.node.id)).toEqual([northText.id]);
      expect(page.data!.messages.totalCount).toBe(1);
      const refused = await app.graphql(
        SEND,
        { volunteerId: southVolunteer.id, body: 'Hi' },
        northCoordinator,
      );
      expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('refuses a text over three segments, to an opted-out volunteer, and from a trainer', async () => {
      const to = await volunteer();
      const tooLong = await app.graphql(
        SEND,
        { volunteerId: to.id, body: 'a'.repeat(153 * 3 + 1) },
        coordinator,
      );
      expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
      const threeSegments = await app.graphql(
        SEND,
        { volunteerId: to.id, body: 'a'.repeat(153 * 3) },
        coordinator,
      );
      expect(threeSegments.errors).toBeUndefined();

      await dataSource.getRepository(Volunteer).update(to.id, { smsStatus: SmsStatus.OPTED_OUT });
      const optedOut = await app.graphql(SEND, { volunteerId: to.id, body: 'Hi' }, coordinator);
      expect(optedOut.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'volunteerId' });

      const trainer = await app.tokenFor(StaffRole.TRAINER);
      const forbidden = await app.graphql(SEND, { volunteerId: to.id, body: 'Hi' }, trainer);
      expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const listing = await app.graphql(MESSAGES, {}, trainer);
      expect(listing.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });
});
