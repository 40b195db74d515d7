import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { ALERT_UPDATED_TOPIC } from '../src/alerts/alert-events.js';
import { AlertExpiry } from '../src/alerts/alert-expiry.js';
import { AlertRetention } from '../src/alerts/alert-retention.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { Message, MessageDirection } from '../src/messaging/message.entity.js';
import { MessagePriority } from '../src/messaging/outbound/message-priority.js';
import { OutboundMessagesService } from '../src/messaging/outbound/outbound-messages.service.js';
import { SMS_OUTBOUND_QUEUE } from '../src/messaging/outbound/outbound.queue.js';
import { OutboxReconciler } from '../src/messaging/outbound/outbox-reconciler.js';
import { redisKey } from '../src/redis/redis.module.js';
import { Skill, SmsStatus, type Volunteer } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer, type FakeTwilioRequest } from './fake-twilio/fake-twilio-server.js';
import { createZone, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const WEBHOOK = '/webhooks/twilio/sms';
const NETWORK_NUMBER = '+14142860000';
const TIME_ZONE = 'America/Chicago';
const messageSid = () => `SM${randomBytes(16).toString('hex')}`;

interface AlertShape {
  id: string;
  code: number;
  status: string;
  location: string | null;
  respondersCount: number;
  responders: { volunteer: { id: string }; note: string | null; at: string }[];
  verifications: { volunteer: { id: string }; seen: boolean; at: string }[];
  reportedBy: { kind: string; id: string | null } | null;
}

const ALERT_FIELDS = `id code status location respondersCount expiresAt reportedBy { kind id }
  responders { volunteer { id } note at } verifications { volunteer { id } seen at }`;

/** The message id a text at the fake was sent for (its status callback carries it). */
const messageIdOf = (request: FakeTwilioRequest) =>
  new URL(request.statusCallback ?? 'https://x.test/').searchParams.get('messageId');

/** Shared by both apps below: texts, signed webhooks, GraphQL. */
function harness(fake: FakeTwilioServer, getApp: () => TestApp) {
  const text = (from: string, body: string, sid = messageSid(), numMedia = '0') =>
    postSignedTwilioForm(getApp(), WEBHOOK, {
      MessageSid: sid,
      AccountSid: TEST_TWILIO.accountSid,
      From: from,
      To: NETWORK_NUMBER,
      Body: body,
      NumMedia: numMedia,
    });
  const dataSource = () => getApp().api.get(DataSource);
  /** Posts texts (each with its own SID unless given) and returns, per text, its one reply. */
  async function replies(texts: { from: string; body: string; sid?: string; numMedia?: string }[]) {
    const sids = texts.map((entry) => entry.sid ?? messageSid());
    const statuses = await Promise.all(
      texts.map((entry, index) =>
        text(entry.from, entry.body, sids[index], entry.numMedia).then((r) => r.status),
      ),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const inbound = await waitFor(
      () =>
        dataSource()
          .getRepository(Message)
          .findBy(sids.map((providerSid) => ({ providerSid, direction: MessageDirection.INBOUND }))),
      (found) =>
        found.length === new Set(sids).size && found.every((message) => message.processedAt !== null),
      { timeoutMs: 30_000 },
    );
    const answers = await dataSource()
      .getRepository(Message)
      .findBy(inbound.map((message) => ({ inReplyToId: message.id })));
    return sids.map((sid) => {
      const question = inbound.find((message) => message.providerSid === sid)!;
      return answers.filter((answer) => answer.inReplyToId === question.id);
    });
  }
  const reply = async (from: string, body: string, numMedia = '0') => {
    const [found] = await replies([{ from, body, numMedia }]);
    expect(found).toHaveLength(1);
    return found[0] as Message & { body: string };
  };
  const sentTo = (phones: string[], bodyPart: string, atLeast = phones.length) =>
    waitFor(
      () =>
        fake.received.filter(
          (request) => request.sid && phones.includes(request.to) && request.body.includes(bodyPart),
        ),
      (sent) => sent.length >= atLeast,
      { timeoutMs: 30_000 },
    );
  const graphql = async <T>(query: string, variables: Record<string, unknown>, token: string) => {
    const response = await getApp().graphql<T>(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  return { text, replies, reply, sentTo, graphql, dataSource };
}

describe('rapid-response alerts (Twilio transport, worker running)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let app: TestApp;
  let admin: string;
  let coordinator: string;
  let south: string;
  let north: string;
  let newVolunteer: ReturnType<typeof volunteerFactory>['volunteer'];
  const { replies, reply, sentTo, graphql, dataSource } = harness(fake, () => app);

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      env: {
        ...twilioEnv(baseUrl),
        SMS_RATE_PER_SECOND: '1000',
        QUIET_HOURS: '21:00-08:00',
        NETWORK_TIMEZONE: TIME_ZONE,
        ALERT_TTL_HOURS: '12',
        ALERT_CONFIRMATIONS: '2',
        ALERT_RESPONDER_TARGET: '10',
      },
      worker: true,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    admin = await app.tokenFor(StaffRole.ADMIN);
    south = await createZone(app, admin, 'SOUTHSIDE');
    north = await createZone(app, admin, 'NORTHSIDE');
    coordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south] });
    ({ volunteer: newVolunteer } = volunteerFactory(dataSource(), 377));
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });
  afterEach(() => clock.reset());

  const volunteer = (fields: Partial<Volunteer> = {}, zoneIds = [south]) => newVolunteer(fields, zoneIds);
  const team = async (size: number, skills: Skill[], fields: Partial<Volunteer> = {}, zoneIds = [south]) => {
    const made: Volunteer[] = [];
    for (let index = 0; index < size; index++) made.push(await volunteer({ skills, ...fields }, zoneIds));
    return made;
  };
  const alertById = (id: string) =>
    graphql<{ alert: AlertShape }>(
      `query ($id: ID!) { alert(id: $id) { ${ALERT_FIELDS} } }`,
      { id },
      coordinator,
    ).then((data) => data.alert);
  const mutate = (name: string, args: string, variables: Record<string, unknown>, token = coordinator) =>
    graphql<Record<string, AlertShape>>(
      `mutation (${args}) { ${name}(${Object.keys(variables)
        .map((key) => `${key}: $${key}`)
        .join(', ')}) { ${ALERT_FIELDS} } }`,
      variables,
      token,
    ).then((data) => data[name]);
  const report = (location = 'Corner of 5th and Main') =>
    mutate('reportAlert', '$input: ReportAlertInput!', {
      input: { zoneId: south, kind: 'RAID', location, details: { size: 'two vans', uniform: 'vests' } },
    });

  it('the whole flow: ALERTA by text → verified by two SEEN → dispatched at 23:00 → 15 OMW, 10 counted → resolved, stand-down to those sent out', async () => {
    clock.standAt(23, TIME_ZONE);
    const reporter = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
    const observers = await team(3, [Skill.LEGAL_OBSERVER]);
    const responders = await team(15, [Skill.RAPID_RESPONSE]);
    const spanishResponder = await volunteer({
      skills: [Skill.RAPID_RESPONSE, Skill.DRIVER],
      preferredLanguage: 'es',
      languages: ['es'],
    });
    const optedOut = await volunteer({ skills: [Skill.RAPID_RESPONSE], smsStatus: SmsStatus.OPTED_OUT });
    const noSkill = await volunteer({ skills: [Skill.DRIVER] });
    const elsewhere = await volunteer({ skills: [Skill.RAPID_RESPONSE] }, [north]);
    const sentBefore = fake.received.length;

    // A volunteer's report goes to the dispatch queue, never out.
    const thanks = await reply(reporter.phone, 'ALERTA: camionetas de ICE en la esquina de 5th y Main');
    expect(thanks).toMatchObject({ templateKey: 'alert_report_thanks', language: 'es' });
    const {
      alerts: { edges },
    } = await graphql<{ alerts: { edges: { node: AlertShape }[] } }>(
      `{ alerts(first: 5) { edges { node { ${ALERT_FIELDS} } } } }`,
      {},
      coordinator,
    );
    expect(edges).toHaveLength(1);
    const reported = edges[0].node;
    expect(reported).toMatchObject({
      status: 'REPORTED',
      location: 'camionetas de ICE en la esquina de 5th y Main',
      reportedBy: { kind: 'VOLUNTEER', id: reporter.id },
    });
    expect(thanks.body).toContain(String(reported.code));
    const { code } = reported;
    expect(await dataSource().query(`SELECT count(*)::int AS n FROM broadcasts`)).toEqual([{ n: 0 }]);
    await sentTo([reporter.phone], String(code));
    expect(fake.received.slice(sentBefore).map((request) => request.to)).toEqual([reporter.phone]);

    // Three observers asked (legal observers first), at 23:00: quiet hours do not hold urgent texts.
    const verifying = await mutate('requestVerification', '$alertId: ID!, $count: Int', {
      alertId: reported.id,
      count: 3,
    });
    expect(verifying.status).toBe('VERIFYING');
    const asks = await sentTo(
      observers.map((observer) => observer.phone),
      `Reply SEEN ${code} or NOTSEEN ${code}`,
    );
    expect(new Set(asks.map((ask) => ask.to))).toEqual(new Set(observers.map((observer) => observer.phone)));
    expect(asks.every((ask) => !ask.body.includes(reporter.name) && !ask.body.includes(reporter.phone))).toBe(
      true,
    );

    // Two SEEN confirm it, and the dispatch goes out in one broadcast.
    expect((await reply(observers[0].phone, `seen ${code}`)).templateKey).toBe('alert_verification_recorded');
    expect((await alertById(reported.id)).status).toBe('VERIFYING');
    expect((await reply(observers[1].phone, `VISTO ${code}`)).templateKey).toBe(
      'alert_verification_recorded',
    );
    const confirmed = await alertById(reported.id);
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.verifications.map((entry) => [entry.volunteer.id, entry.seen])).toEqual([
      [observers[0].id, true],
      [observers[1].id, true],
    ]);
    const dispatched = [...observers, ...responders, spanishResponder];
    const urgent = await sentTo(
      dispatched.map((person) => person.phone),
      'URGENT',
    );
    expect(new Set(urgent.map((request) => request.to))).toEqual(
      new Set(dispatched.map((person) => person.phone)),
    );
    expect(urgent.find((request) => request.to === spanishResponder.phone)?.body).toContain(
      `Responde VOY ${code} si puedes ir`,
    );
    const english = urgent.find((request) => request.to === responders[0].phone)!;
    expect(english.body).toContain(`Reply OMW ${code} if you can go`);
    expect(english.body).toContain('23:');
    expect(DateTime.fromJSDate(clock.now(), { zone: TIME_ZONE }).hour).toBe(23);
    const outsiders = [optedOut, noSkill, elsewhere, reporter].map((person) => person.phone);
    const [{ n: textedOutsiders }]: { n: number }[] = await dataSource().query(
      `SELECT count(*)::int AS n FROM messages m JOIN alerts a ON a.dispatch_broadcast_id = m.broadcast_id
        WHERE a.id = $1 AND m.phone = ANY($2)`,
      [reported.id, outsiders],
    );
    expect(textedOutsiders).toBe(0);
    expect(
      fake.received.filter((request) => outsiders.includes(request.to) && /URGENT/.test(request.body)),
    ).toEqual([]);

    // 15 at once: exactly 10 counted, 5 asked to stand by; the same MessageSid again counts once.
    const omwSids = responders.map(() => messageSid());
    const answers = await replies(
      responders.map((person, index) => ({
        from: person.phone,
        body: `OMW ${code} have a car`,
        sid: omwSids[index],
      })),
    );
    expect(answers.every((found) => found.length === 1)).toBe(true);
    const templates = answers.map((found) => found[0].templateKey);
    expect(templates.filter((key) => key === 'alert_responder_counted')).toHaveLength(10);
    expect(templates.filter((key) => key === 'alert_responder_standby')).toHaveLength(5);
    const [again] = await replies([
      { from: responders[0].phone, body: `OMW ${code} have a car`, sid: omwSids[0] },
    ]);
    expect(again).toHaveLength(1);
    const counted = await alertById(reported.id);
    expect(counted.respondersCount).toBe(10);
    expect(counted.responders).toHaveLength(10);
    expect(counted.responders[0].note).toBe('have a car');

    // Someone the dispatch never reached: thanked, not counted.
    expect((await reply(elsewhere.phone, `VOY ${code}`)).templateKey).toBe('alert_not_dispatched');
    expect((await alertById(reported.id)).respondersCount).toBe(10);

    // Resolved: one stand-down to each volunteer sent out (verifiers, dispatched, responders), to no one else.
    const resolved = await mutate('resolveAlert', '$id: ID!, $note: String', {
      id: reported.id,
      note: 'Left',
    });
    expect(resolved.status).toBe('RESOLVED');
    const standDowns = await sentTo(
      dispatched.map((person) => person.phone),
      `Alert ${code} is over`,
      dispatched.length - 1,
    );
    const spanishStandDown = await sentTo([spanishResponder.phone], `La alerta ${code} terminó`);
    expect(spanishStandDown).toHaveLength(1);
    expect(new Set([...standDowns, ...spanishStandDown].map((request) => request.to))).toEqual(
      new Set(dispatched.map((person) => person.phone)),
    );
    const [{ n: standDownCount }]: { n: number }[] = await dataSource().query(
      `SELECT count(*)::int AS n FROM messages WHERE template_key = 'alert_stand_down' AND subject_id = $1`,
      [reported.id],
    );
    expect(standDownCount).toBe(dispatched.length);

    // Its code is closed now.
    expect((await reply(responders[1].phone, `OMW ${code}`)).templateKey).toBe('alert_closed');
    expect((await reply(observers[2].phone, `SEEN ${code}`)).templateKey).toBe('alert_closed');
  }, 120_000);

  it('a NOTSEEN majority leaves it unconfirmed; markFalseAlarm stands the verifiers down', async () => {
    const observers = await team(3, [Skill.LEGAL_OBSERVER]);
    const alert = await report();
    await mutate('requestVerification', '$alertId: ID!', { alertId: alert.id });
    const asked: { volunteer_id: string }[] = await dataSource().query(
      `SELECT volunteer_id FROM alert_verifications WHERE alert_id = $1`,
      [alert.id],
    );
    expect(asked).toHaveLength(3);
    const askedPhones = observers.filter((observer) => asked.some((row) => row.volunteer_id === observer.id));
    expect(askedPhones).toHaveLength(3);
    const [first, second, third] = askedPhones;
    expect((await reply(first.phone, `NOTSEEN ${alert.code}`)).templateKey).toBe(
      'alert_verification_recorded',
    );
    expect((await reply(second.phone, `no visto ${alert.code}`)).templateKey).toBe(
      'alert_verification_recorded',
    );
    expect((await reply(third.phone, `SEEN ${alert.code}`)).templateKey).toBe('alert_verification_recorded');
    expect((await reply(third.phone, `SEEN ${alert.code}`)).templateKey).toBe('alert_verification_already');
    const unconfirmed = await alertById(alert.id);
    expect(unconfirmed.status).toBe('VERIFYING');
    expect(unconfirmed.verifications.map((entry) => entry.seen)).toEqual([false, false, true]);

    const closed = await mutate('markFalseAlarm', '$id: ID!, $note: String', {
      id: alert.id,
      note: 'A tow truck',
    });
    expect(closed.status).toBe('FALSE_ALARM');
    const standDowns = await sentTo(
      askedPhones.map((person) => person.phone),
      `Alert ${alert.code} is over`,
    );
    expect(standDowns).toHaveLength(3);
  }, 60_000);

  it('expires with the clock (ALERT_TTL_HOURS), standing the dispatched down', async () => {
    const [responder] = await team(1, [Skill.RAPID_RESPONSE]);
    const alert = await report('Walmart parking lot on 27th');
    await mutate('confirmAlert', '$id: ID!', { id: alert.id });
    await sentTo([responder.phone], `OMW ${alert.code}`);
    const expiry = app.worker!.get(AlertExpiry);
    clock.advance(11 * 3600_000);
    expect(await expiry.expireOnce()).toBe(0);
    clock.advance(2 * 3600_000);
    // The worker's own timer may get there first: either way it expires once.
    await expiry.expireOnce();
    expect((await alertById(alert.id)).status).toBe('EXPIRED');
    await sentTo([responder.phone], `Alert ${alert.code} is over`);
    expect(await expiry.expireOnce()).toBe(0);

    // PII_RETENTION_DAYS (14) after it closed, what it said about the place is wiped; the rest stays.
    const retention = app.worker!.get(AlertRetention);
    clock.advance(13 * 86_400_000);
    await retention.purgeOnce();
    expect((await alertById(alert.id)).location).toBe('Walmart parking lot on 27th');
    clock.advance(2 * 86_400_000);
    expect(await retention.purgeOnce()).toBeGreaterThanOrEqual(1);
    const [wiped] = await dataSource().query(
      `SELECT location, details, kind, zone_id, status, details_purged_at FROM alerts WHERE id = $1`,
      [alert.id],
    );
    expect(wiped).toMatchObject({
      location: null,
      details: null,
      kind: 'RAID',
      zone_id: south,
      status: 'EXPIRED',
    });
    expect(wiped.details_purged_at).not.toBeNull();
  }, 60_000);

  it('alertUpdated streams the changes of alerts in the subscriber’s zones only', async () => {
    await app.api.listen(0, '127.0.0.1');
    const { port } = app.api.getHttpServer().address() as AddressInfo;
    const channel = redisKey(app.config, 'pubsub', ALERT_UPDATED_TOPIC);
    const redis = new Redis(app.config.redisUrl);
    const subscribers = async () => ((await redis.pubsub('NUMSUB', channel)) as [string, number])[1];
    const subscribe = async (token: string) => {
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      const events = client.iterate<{ alertUpdated: { id: string; status: string; zone: { id: string } } }>({
        query: 'subscription { alertUpdated { id status zone { id } } }',
      });
      const first = events.next();
      await waitFor(subscribers, (count) => count === 1);
      return { client, first };
    };
    try {
      const southSide = await subscribe(coordinator);
      const reported = await report('Greyhound station on 6th');
      expect((await southSide.first).value?.data?.alertUpdated).toEqual({
        id: reported.id,
        status: 'REPORTED',
        zone: { id: south },
      });
      await southSide.client.dispose();
      await waitFor(subscribers, (count) => count === 0);

      const northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
      const northSide = await subscribe(northCoordinator);
      await mutate('resolveAlert', '$id: ID!', { id: reported.id });
      const northAlert = await graphql<{ reportAlert: { id: string } }>(
        `
          mutation ($zone: ID!) {
            reportAlert(input: { zoneId: $zone, kind: SURVEILLANCE, location: "Park and 3rd" }) {
              id
            }
          }
        `,
        { zone: north },
        admin,
      );
      // The south alert's change came first, and was not theirs to see.
      expect((await northSide.first).value?.data?.alertUpdated).toMatchObject({
        id: northAlert.reportAlert.id,
      });
      await northSide.client.dispose();
    } finally {
      redis.disconnect();
    }
  }, 60_000);

  it('a report with pictures asks to keep them for the legal team, and stores none', async () => {
    const person = await volunteer();
    const thanks = await reply(person.phone, 'alert 2 vans at Lincoln and 6th', '2');
    expect(thanks.templateKey).toBe('alert_report_thanks_photos');
    expect(thanks.body).toContain('legal team');
    const [inbound] = await dataSource()
      .getRepository(Message)
      .findBy({ phone: person.phone, direction: MessageDirection.INBOUND });
    expect(inbound.mediaCount).toBe(2);
    expect(
      await dataSource().query(`SELECT count(*)::int AS n FROM alerts WHERE location = $1`, [
        '2 vans at Lincoln and 6th',
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses bad input with the field, and a TRAINER with FORBIDDEN', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ zoneId: '6f1b2c3d-0000-4000-8000-000000000000', kind: 'RAID', location: 'Main and 5th' }, 'zoneId'],
      [{ zoneId: north, kind: 'RAID', location: 'Main and 5th' }, 'zoneId'],
      [{ zoneId: south, kind: 'RAID', location: '   ' }, 'location'],
      [{ zoneId: south, kind: 'RAID', location: '1234 W Elm St' }, 'location'],
      [{ zoneId: south, kind: 'RAID', location: 'Elm and 3rd, apt 4B' }, 'location'],
    ];
    for (const [input, field] of cases) {
      const response = await app.graphql(
        `mutation ($input: ReportAlertInput!) { reportAlert(input: $input) { id } }`,
        { input },
        coordinator,
      );
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const alert = await report();
    const trainer = await app.tokenFor(StaffRole.TRAINER);
    const forbidden = await app.graphql(
      `mutation ($id: ID!) { confirmAlert(id: $id) { id } }`,
      { id: alert.id },
      trainer,
    );
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const tooMany = await app.graphql(
      `mutation ($id: ID!) { requestVerification(alertId: $id, count: 0) { id } }`,
      { id: alert.id },
      coordinator,
    );
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'count' });
    const northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
    const outside = await app.graphql(
      `mutation ($id: ID!) { confirmAlert(id: $id) { id } }`,
      { id: alert.id },
      northCoordinator,
    );
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const twice = await mutate('resolveAlert', '$id: ID!', { id: alert.id });
    expect(twice.status).toBe('RESOLVED');
    const closedAgain = await app.graphql(
      `mutation ($id: ID!) { confirmAlert(id: $id) { id } }`,
      { id: alert.id },
      coordinator,
    );
    expect(closedAgain.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('updateZone sets neighbours (ADMIN only); a dispatch with includeNeighbours reaches their responders', async () => {
    const [neighbourResponder] = await team(1, [Skill.RAPID_RESPONSE], {}, [north]);
    const refused = await app.graphql(
      `mutation ($id: ID!) { updateZone(id: $id, input: { neighbourIds: [] }) { id } }`,
      { id: south },
      coordinator,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const updated = await graphql<{ updateZone: { code: string; neighbours: { id: string }[] } }>(
      `
        mutation ($id: ID!, $n: [ID!]) {
          updateZone(id: $id, input: { neighbourIds: $n }) {
            code
            neighbours {
              id
            }
          }
        }
      `,
      { id: south, n: [north] },
      admin,
    );
    expect(updated.updateZone).toEqual({ code: 'SOUTHSIDE', neighbours: [{ id: north }] });
    const self = await app.graphql(
      `mutation ($id: ID!) { updateZone(id: $id, input: { neighbourIds: [$id] }) { id } }`,
      { id: south },
      admin,
    );
    expect(self.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'neighbourIds' });
    const alert = await report('Bus station on Water St');
    await graphql(
      `
        mutation ($id: ID!) {
          confirmAlert(id: $id, includeNeighbours: true) {
            id
          }
        }
      `,
      { id: alert.id },
      admin,
    );
    await sentTo([neighbourResponder.phone], `OMW ${alert.code}`);
    await mutate('resolveAlert', '$id: ID!', { id: alert.id });
  });
});

describe('alert texts go before a large broadcast that is draining', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let app: TestApp;
  const { graphql, dataSource } = harness(fake, () => app);

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({ env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '20' }, worker: true });
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it('the alert dispatch reaches the transport before the remaining broadcast texts', async () => {
    const admin = await app.tokenFor(StaffRole.ADMIN);
    const zone = await createZone(app, admin, 'EASTSIDE');
    const { volunteer } = volunteerFactory(dataSource(), 378);
    const BROADCAST_SIZE = 300;
    const inserted: { id: string }[] = await dataSource().query(
      `INSERT INTO volunteers (name, phone, preferred_language, languages)
       SELECT 'Neighbour ' || n, '+1414379' || lpad(n::text, 4, '0'), 'en', '{en}' FROM generate_series(1, $1) AS n
       RETURNING id`,
      [BROADCAST_SIZE],
    );
    expect(inserted).toHaveLength(BROADCAST_SIZE);
    const responder = await volunteer({ skills: [Skill.RAPID_RESPONSE] }, [zone]);
    const { sendBroadcast } = await graphql<{ sendBroadcast: { id: string } }>(
      `
        mutation {
          sendBroadcast(input: { body: "Know-your-rights session Saturday" }) {
            id
          }
        }
      `,
      {},
      admin,
    );
    // The broadcast is fanned out and draining at 20/s when the alert is confirmed.
    await waitFor(
      () => fake.received.filter((request) => request.body.startsWith('Know-your-rights')).length,
      (sent) => sent >= 10,
      { timeoutMs: 30_000 },
    );
    const { reportAlert } = await graphql<{ reportAlert: { id: string; code: number } }>(
      `
        mutation ($zone: ID!) {
          reportAlert(input: { zoneId: $zone, kind: CHECKPOINT, location: "Hwy 41 on-ramp" }) {
            id
            code
          }
        }
      `,
      { zone },
      admin,
    );
    await graphql(
      `
        mutation ($id: ID!) {
          confirmAlert(id: $id) {
            id
          }
        }
      `,
      { id: reportAlert.id },
      admin,
    );
    const alertText = await waitFor(
      () =>
        fake.received.findIndex(
          (request) =>
            request.to === responder.phone && request.body.startsWith('URGENT') && request.sid !== null,
        ),
      (index) => index >= 0,
      { timeoutMs: 30_000 },
    );
    const broadcastBefore = fake.received
      .slice(0, alertText)
      .filter((request) => request.body.startsWith('Know-your-rights')).length;
    // Only what the sender had already taken may go before it; the rest of the broadcast waits.
    const [{ n: unsent }]: { n: number }[] = await dataSource().query(
      `SELECT count(*)::int AS n FROM messages WHERE broadcast_id = $1 AND status = 'QUEUED'`,
      [sendBroadcast.id],
    );
    expect(broadcastBefore).toBeLessThan(BROADCAST_SIZE / 2);
    expect(unsent).toBeGreaterThan(BROADCAST_SIZE / 3);
    const alertRow = await dataSource()
      .getRepository(Message)
      .findOneByOrFail({ id: messageIdOf(fake.received[alertText])! });
    expect(alertRow.priority).toBe('URGENT');
    await graphql(
      `
        mutation ($id: ID!) {
          cancelBroadcast(id: $id) {
            id
          }
        }
      `,
      { id: sendBroadcast.id },
      admin,
    );
  }, 90_000);

  it('a text re-enqueued by the outbox reconciler keeps its priority', async () => {
    const { volunteer } = volunteerFactory(dataSource(), 380);
    const person = await volunteer();
    const outbound = app.api.get(OutboundMessagesService);
    const queue = app.api.get<Queue>(getQueueToken(SMS_OUTBOUND_QUEUE));
    const texts = await dataSource().transaction((manager) =>
      outbound.record(manager, [
        { volunteerId: person.id, phone: person.phone, body: 'An alert', priority: MessagePriority.URGENT },
        { volunteerId: person.id, phone: person.phone, body: 'A reminder' },
      ]),
    );
    // Never dispatched (the producer died between its commit and the enqueue), and due in an hour, so the sender
    // leaves the jobs alone while the test reads them.
    await dataSource().query(
      `UPDATE messages SET not_before = now() + interval '1 hour', created_at = now() - interval '1 minute'
        WHERE id = ANY($1)`,
      [texts.map((text) => text.id)],
    );
    await app.worker!.get(OutboxReconciler).reconcileOnce();
    const jobs = await Promise.all(texts.map((text) => queue.getJob(text.id)));
    expect(jobs.map((job) => job?.opts.priority)).toEqual([1, 5]);
    await Promise.all(jobs.map((job) => job?.remove()));
  });
});
