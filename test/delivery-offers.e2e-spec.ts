import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { DeliveryOffer, OfferStatus } from '../src/deliveries/delivery-offer.entity.js';
import { DeliveryUrgency } from '../src/deliveries/delivery-request.entity.js';
import { rankVolunteerMatches } from '../src/deliveries/volunteer-match-ranking.js';
import { expireOfferJobId, OFFER_EXPIRY_QUEUE } from '../src/deliveries/offer-expiry.queue.js';
import { Message, MessageDirection, PROTECTED_BODY_MARKER } from '../src/messaging/message.entity.js';
import { countSegments } from '../src/messaging/text/sms-text.js';
import { Skill, SmsStatus, Volunteer, VolunteerStatus } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { createZone, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const WEBHOOK = '/webhooks/twilio/sms';
const NETWORK_NUMBER = '+14142860000';
const ADDRESS = '2215 S 5th St, apt 3';
const FAMILY_PHONE = '(414) 286-3456';
const NOTES = 'Ring twice; the dog is friendly';
const SECRETS = [ADDRESS, '5th St', '+14142863456', '4142863456', '286-3456', NOTES, 'dog is friendly'];
const MINUTE = 60_000;
/** Offerees in the race test: one request, this many YES at once. */
const RACE = 50;
const messageSid = () => `SM${randomBytes(16).toString('hex')}`;

const REQUEST_FIELDS = `id code status autoDispatch assignedVolunteer { id }
  offers { id status expiresAt respondedAt volunteer { id } }
  history { from to reason actor { kind id } }`;

interface RequestView {
  id: string;
  code: number;
  status: string;
  autoDispatch: boolean;
  assignedVolunteer: { id: string } | null;
  offers: { id: string; status: string; expiresAt: string; volunteer: { id: string } }[];
  history: {
    from: string | null;
    to: string;
    reason: string | null;
    actor: { kind: string; id: string | null };
  }[];
}

describe('delivery offers by SMS (Twilio transport, worker running)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let app: TestApp;
  let db: DataSource;
  let admin: string;
  let adminId: string;
  let expiryQueue: Queue;
  let newVolunteer: ReturnType<typeof volunteerFactory>['volunteer'];
  let nextPhone: () => string;
  let zoneCounter = 0;

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '1000', OFFER_EXPIRY_MINUTES: '30' },
      worker: true,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    db = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    adminId = (await ok<{ me: { id: string } }>('{ me { id } }')).me.id;
    expiryQueue = app.worker!.get<Queue>(getQueueToken(OFFER_EXPIRY_QUEUE), { strict: false });
    ({ volunteer: newVolunteer, nextPhone } = volunteerFactory(db, 377));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });
  afterEach(() => clock.reset());

  async function ok<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await app.graphql<T>(query, variables, admin);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  }
  const zone = () => createZone(app, admin, `OFFERS_${++zoneCounter}`);
  const volunteer = (zoneId: string, fields: Partial<Volunteer> = {}) => newVolunteer(fields, [zoneId]);
  const createRequest = async (zoneId: string, fields: Record<string, unknown> = {}) =>
    (
      await ok<{ createDeliveryRequest: { id: string; code: number } }>(
        `mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id code } }`,
        {
          input: {
            zoneId,
            householdAlias: 'Familia del parque',
            householdSize: 3,
            language: 'es',
            address: ADDRESS,
            contactPhone: FAMILY_PHONE,
            notes: NOTES,
            needs: 'rice, beans, no pork',
            deliverBy: new Date(clock.now().getTime() + 6 * 60 * MINUTE).toISOString(),
            ...fields,
          },
        },
      )
    ).createDeliveryRequest;
  const view = async (id: string) =>
    (
      await ok<{ deliveryRequest: RequestView }>(
        `query($id: ID!) { deliveryRequest(id: $id) { ${REQUEST_FIELDS} } }`,
        { id },
      )
    ).deliveryRequest;
  const offer = async (requestId: string, volunteerId: string) =>
    (
      await ok<{
        offerDelivery: { id: string; status: string; expiresAt: string; volunteer: { id: string } };
      }>(
        `mutation($r: ID!, $v: ID!) { offerDelivery(requestId: $r, volunteerId: $v) { id status expiresAt volunteer { id } } }`,
        { r: requestId, v: volunteerId },
      )
    ).offerDelivery;
  const text = (from: string, body: string, sid = messageSid()) =>
    postSignedTwilioForm(app, WEBHOOK, {
      MessageSid: sid,
      AccountSid: TEST_TWILIO.accountSid,
      From: from,
      To: NETWORK_NUMBER,
      Body: body,
      NumMedia: '0',
    });
  /** Texts `body` from `from`, waits until it is processed, and returns the replies recorded for it. */
  async function answer(from: string, body: string): Promise<Message[]> {
    const sid = messageSid();
    expect((await text(from, body, sid)).status).toBe(200);
    const inbound = await waitFor(
      () => db.getRepository(Message).findOneBy({ providerSid: sid, direction: MessageDirection.INBOUND }),
      (message) => message?.processedAt != null,
    );
    return db.getRepository(Message).findBy({ inReplyToId: inbound!.id });
  }
  const onlyReply = async (from: string, body: string) => {
    const replies = await answer(from, body);
    expect(replies).toHaveLength(1);
    return replies[0]!;
  };
  /** What the fake Twilio accepted for a phone, oldest first. */
  const sentTo = (phone: string, atLeast = 1) =>
    waitFor(
      () => fake.received.filter((request) => request.to === phone && request.sid),
      (sent) => sent.length >= atLeast,
    );
  const outboundTo = (phone: string) =>
    db.getRepository(Message).find({
      where: { phone, direction: MessageDirection.OUTBOUND },
      order: { createdAt: 'ASC' },
    });
  const deliveredCallback = (message: Message) =>
    postSignedTwilioForm(app, `/webhooks/twilio/status?messageId=${message.id}`, {
      AccountSid: TEST_TWILIO.accountSid,
      MessageSid: message.providerSid ?? '',
      MessageStatus: 'delivered',
    });
  const offersOf = (requestId: string) =>
    db.getRepository(DeliveryOffer).find({ where: { requestId }, order: { createdAt: 'ASC' } });
  /** Runs an offer's expiry job now (it is due 30 minutes out in real time). */
  const runExpiryJob = async (offerId: string) => {
    const job = await expiryQueue.getJob(expireOfferJobId(offerId));
    expect(job).toBeDefined();
    await job!.promote();
    return waitFor(
      async () => (await expiryQueue.getJob(expireOfferJobId(offerId)))?.returnvalue as string | undefined,
      (value) => value !== undefined && value !== null,
    );
  };

  it('walks create → suggest → offer → YES → details text → PICKED → DONE by SMS, history and actors right', async () => {
    const zoneId = await zone();
    const driver = await volunteer(zoneId, { languages: ['en', 'es'], skills: [Skill.HAS_CAR] });
    await volunteer(zoneId);
    const request = await createRequest(zoneId);

    const { suggestVolunteers } = await ok<{
      suggestVolunteers: { volunteer: { id: string }; score: number; reasons: string[] }[];
    }>(`query($r: ID!) { suggestVolunteers(requestId: $r, limit: 5) { volunteer { id } score reasons } }`, {
      r: request.id,
    });
    expect(suggestVolunteers).toHaveLength(2);
    expect(suggestVolunteers[0]).toMatchObject({
      volunteer: { id: driver.id },
      reasons: expect.arrayContaining(['speaks es']),
    });

    const made = await offer(request.id, driver.id);
    expect(made).toMatchObject({ status: 'PENDING', volunteer: { id: driver.id } });
    // OFFER_EXPIRY_MINUTES after the text goes out (at once: quiet hours are off here).
    expect(new Date(made.expiresAt).getTime() - clock.now().getTime()).toBeGreaterThan(29 * MINUTE);
    const [offerText] = await sentTo(driver.phone);
    expect(offerText!.body).toContain(`Reply YES ${request.code} to take it or NO ${request.code} to pass`);
    expect(offerText!.body).toContain('3 people, speak es');
    expect(offerText!.body).toContain('rice, beans, no pork');
    for (const secret of SECRETS) expect(offerText!.body).not.toContain(secret);

    expect(await answer(driver.phone, `yes ${request.code}`)).toHaveLength(1);
    const [, detailsText] = await sentTo(driver.phone, 2);
    expect(detailsText!.body).toContain(ADDRESS);
    expect(detailsText!.body).toContain('+14142863456');
    expect(detailsText!.body).toContain(NOTES);
    expect(detailsText!.body).toMatch(/Please delete this text after the delivery\.$/);
    expect(countSegments(detailsText!.body).segments).toBeLessThanOrEqual(3);

    // The outbox holds no plaintext copy: a marker, and the ciphertext until the text is final.
    const details = await waitFor(
      () =>
        db.getRepository(Message).findOneByOrFail({ phone: driver.phone, templateKey: 'delivery_details' }),
      (message) => message.providerSid !== null,
    );
    expect(details.body).toBe(PROTECTED_BODY_MARKER);
    expect(details.bodyCiphertext).toMatch(/^v1:/);
    expect((await deliveredCallback(details)).status).toBe(204);
    expect(await db.getRepository(Message).findOneByOrFail({ id: details.id })).toMatchObject({
      status: 'DELIVERED',
      bodyCiphertext: null,
      body: PROTECTED_BODY_MARKER,
    });

    expect((await onlyReply(driver.phone, `PICKED ${request.code}`)).templateKey).toBe('delivery_picked');
    expect((await onlyReply(driver.phone, `done ${request.code}!`)).templateKey).toBe('delivery_done');

    const final = await view(request.id);
    expect(final).toMatchObject({ status: 'DELIVERED', assignedVolunteer: { id: driver.id } });
    expect(final.offers.map((o) => o.status)).toEqual(['ACCEPTED']);
    expect(final.history.map(({ from, to, actor }) => [from, to, actor.kind, actor.id])).toEqual([
      [null, 'OPEN', 'STAFF', adminId],
      ['OPEN', 'OFFERED', 'STAFF', adminId],
      ['OFFERED', 'ASSIGNED', 'VOLUNTEER', driver.id],
      ['ASSIGNED', 'PICKED_UP', 'VOLUNTEER', driver.id],
      ['PICKED_UP', 'DELIVERED', 'VOLUNTEER', driver.id],
    ]);

    // A dump of the whole database, messages included, holds neither the address nor the family's phone.
    const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', app.config.databaseUrl], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(stdout).toContain(PROTECTED_BODY_MARKER);
    for (const secret of SECRETS) expect(stdout).not.toContain(secret);
  });

  it('speaks Spanish with an es volunteer: offer, SÍ, details, RECOGIDO, ENTREGADO', async () => {
    const zoneId = await zone();
    const vecina = await volunteer(zoneId, { preferredLanguage: 'es', languages: ['es'] });
    const request = await createRequest(zoneId);
    await offer(request.id, vecina.id);
    const [offerText] = await sentTo(vecina.phone);
    expect(offerText!.body).toContain(
      `Responde SI ${request.code} para tomarla o NO ${request.code} para pasar`,
    );

    await answer(vecina.phone, `Sí ${request.code}`);
    const [, detailsText] = await sentTo(vecina.phone, 2);
    expect(detailsText!.body).toContain(`Direccion: ${ADDRESS}`);
    expect(detailsText!.body).toMatch(/Por favor borra este mensaje despues de la entrega\.$/);

    const picked = await onlyReply(vecina.phone, `RECOGIDO ${request.code}`);
    expect(picked).toMatchObject({ templateKey: 'delivery_picked', language: 'es' });
    expect(picked.body).toContain('Escribe LISTO');
    const done = await onlyReply(vecina.phone, `entregado ${request.code}`);
    expect(done).toMatchObject({ templateKey: 'delivery_done', language: 'es' });
    expect((await view(request.id)).status).toBe('DELIVERED');
  });

  it(`${RACE} concurrent YES from ${RACE} offered volunteers: one assignment, ${RACE - 1} "taken" texts (one each), one details text`, async () => {
    const zoneId = await zone();
    const request = await createRequest(zoneId, { urgency: 'HIGH' });
    const inserted: { id: string; phone: string }[] = await db.query(
      `INSERT INTO volunteers (name, phone, preferred_language, languages)
       SELECT 'Racer ' || n, p, 'en', '{en}' FROM unnest($1::text[]) WITH ORDINALITY AS t(p, n)
       RETURNING id, phone`,
      [Array.from({ length: RACE }, () => nextPhone())],
    );
    await db.query(`INSERT INTO volunteer_zones (volunteers_id, zones_id) SELECT unnest($1::uuid[]), $2`, [
      inserted.map((row) => row.id),
      zoneId,
    ]);
    for (const { id } of inserted) await offer(request.id, id);
    const phones = new Set(inserted.map((row) => row.phone));
    await waitFor(
      () => fake.received.filter((sent) => phones.has(sent.to) && sent.sid),
      (sent) => sent.length >= RACE,
      { timeoutMs: 60_000 },
    );

    const started = performance.now();
    const responses = await Promise.all(inserted.map(({ phone }) => text(phone, `YES ${request.code}`)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    await waitFor(
      () =>
        db.query(
          `SELECT count(*)::int AS n FROM messages WHERE direction = 'INBOUND' AND processed_at IS NOT NULL
              AND phone = ANY($1)`,
          [[...phones]],
        ) as Promise<{ n: number }[]>,
      (rows) => rows[0]!.n === RACE,
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    const wall = performance.now() - started;
    process.stdout.write(`[delivery YES race] ${RACE} concurrent YES processed in ${Math.round(wall)} ms\n`);

    const offers = await offersOf(request.id);
    expect(offers.filter((o) => o.status === OfferStatus.ACCEPTED)).toHaveLength(1);
    expect(offers.filter((o) => o.status === OfferStatus.WITHDRAWN)).toHaveLength(RACE - 1);
    const winner = offers.find((o) => o.status === OfferStatus.ACCEPTED)!.volunteerId;
    expect((await view(request.id)).assignedVolunteer).toEqual({ id: winner });

    const texts: { phone: string; template_key: string; n: number }[] = await db.query(
      `SELECT phone, template_key, count(*)::int AS n FROM messages
        WHERE direction = 'OUTBOUND' AND phone = ANY($1) AND template_key <> 'delivery_offer'
        GROUP BY phone, template_key`,
      [[...phones]],
    );
    // Each loser: exactly one text after the offer, whether the reply to their YES or the withdrawal it crossed.
    expect(texts).toHaveLength(RACE);
    expect(texts.every((row) => row.n === 1)).toBe(true);
    expect(texts.filter((row) => row.template_key === 'delivery_taken')).toHaveLength(RACE - 1);
    expect(texts.filter((row) => row.template_key === 'delivery_details')).toHaveLength(1);

    const received = await waitFor(
      () => fake.received.filter((sent) => phones.has(sent.to) && sent.sid),
      (sent) => sent.length >= 2 * RACE,
      { timeoutMs: 60_000 },
    );
    expect(received).toHaveLength(2 * RACE);
    expect(received.filter((sent) => sent.body.includes(ADDRESS))).toHaveLength(1);
  }, 240_000);

  it('auto mode: a decline offers the next, an expiry the next, and none left → OPEN and an inbox note', async () => {
    const zoneId = await zone();
    const first = await volunteer(zoneId, { languages: ['es'], skills: [Skill.HAS_CAR] });
    const second = await volunteer(zoneId, { languages: ['es'] });
    const third = await volunteer(zoneId);
    const request = await createRequest(zoneId, { householdSize: 5 });

    const started = await ok<{ autoDispatch: RequestView }>(
      `mutation($r: ID!) { autoDispatch(requestId: $r) { ${REQUEST_FIELDS} } }`,
      { r: request.id },
    );
    expect(started.autoDispatch).toMatchObject({ status: 'OFFERED', autoDispatch: true });
    expect(started.autoDispatch.offers.map((o) => o.volunteer.id)).toEqual([first.id]);

    expect((await onlyReply(first.phone, `NO ${request.code}`)).templateKey).toBe('delivery_declined');
    let offers = await offersOf(request.id);
    expect(offers.map((o) => [o.volunteerId, o.status])).toEqual([
      [first.id, OfferStatus.DECLINED],
      [second.id, OfferStatus.PENDING],
    ]);

    clock.advance(31 * MINUTE);
    expect(await runExpiryJob(offers[1]!.id)).toBe('expired');
    offers = await offersOf(request.id);
    expect(offers.map((o) => [o.volunteerId, o.status])).toEqual([
      [first.id, OfferStatus.DECLINED],
      [second.id, OfferStatus.EXPIRED],
      [third.id, OfferStatus.PENDING],
    ]);
    await sentTo(third.phone);

    expect((await onlyReply(third.phone, `pass ${request.code}`)).templateKey).toBe('delivery_declined');
    const exhausted = await view(request.id);
    expect(exhausted).toMatchObject({ status: 'OPEN', autoDispatch: false, assignedVolunteer: null });
    expect(exhausted.history.map(({ from, to, actor }) => [from, to, actor.kind])).toEqual([
      [null, 'OPEN', 'STAFF'],
      ['OPEN', 'OFFERED', 'SYSTEM'],
      ['OFFERED', 'OPEN', 'SYSTEM'],
    ]);
    const { inbox } = await ok<{
      inbox: { edges: { node: { direction: string; body: string; subjectId: string } }[] };
    }>(`{ inbox(first: 50) { edges { node { direction body subjectId } } } }`);
    const note = inbox.edges.find((edge) => edge.node.subjectId === request.id);
    expect(note?.node).toMatchObject({ direction: 'NOTE', body: expect.stringContaining(`${request.code}`) });
  });

  it('a manual offer ends auto mode, and a decline with no other offer pending returns the request to OPEN', async () => {
    const zoneId = await zone();
    const auto = await volunteer(zoneId, { languages: ['es'] });
    const manual = await volunteer(zoneId);
    const request = await createRequest(zoneId);
    await ok(`mutation($r: ID!) { autoDispatch(requestId: $r) { id } }`, { r: request.id });
    await offer(request.id, manual.id);
    expect((await view(request.id)).autoDispatch).toBe(false);
    await onlyReply(auto.phone, `NO ${request.code}`);
    expect((await view(request.id)).status).toBe('OFFERED');
    await onlyReply(manual.phone, `decline ${request.code}`);
    const back = await view(request.id);
    expect(back.status).toBe('OPEN');
    expect(back.history.at(-1)).toMatchObject({
      from: 'OFFERED',
      to: 'OPEN',
      actor: { kind: 'VOLUNTEER', id: manual.id },
    });
    expect(back.offers.map((o) => o.status)).toEqual(['DECLINED', 'DECLINED']);
  });

  it('YES after expiry is answered kindly and changes nothing more; the late expiry job changes nothing', async () => {
    const zoneId = await zone();
    const late = await volunteer(zoneId);
    const request = await createRequest(zoneId);
    const made = await offer(request.id, late.id);
    clock.advance(31 * MINUTE);
    expect((await onlyReply(late.phone, `YES ${request.code}`)).templateKey).toBe('delivery_offer_expired');
    const after = await view(request.id);
    expect(after).toMatchObject({ status: 'OPEN', assignedVolunteer: null });
    expect(after.offers.map((o) => o.status)).toEqual(['EXPIRED']);
    expect(after.history.at(-1)).toMatchObject({ from: 'OFFERED', to: 'OPEN', actor: { kind: 'SYSTEM' } });
    expect(await runExpiryJob(made.id)).toBe('unchanged');
    expect((await view(request.id)).history).toEqual(after.history);
    expect(fake.received.filter((sent) => sent.to === late.phone && sent.body.includes(ADDRESS))).toEqual([]);
  });

  it('YES after another won: the crossing YES gets no second text, a later one a kind reply; nothing changes', async () => {
    const zoneId = await zone();
    const winner = await volunteer(zoneId);
    const loser = await volunteer(zoneId);
    const request = await createRequest(zoneId);
    const winnerOffer = await offer(request.id, winner.id);
    await offer(request.id, loser.id);
    await sentTo(loser.phone);
    await answer(winner.phone, `ACCEPT ${request.code}`);
    const [, taken] = await sentTo(loser.phone, 2);
    expect(taken!.body).toContain(`Delivery ${request.code} has been taken by another volunteer`);

    // It crossed the "taken" text: that text is its answer.
    expect(await answer(loser.phone, `YES ${request.code}`)).toEqual([]);
    clock.advance(10 * MINUTE);
    expect((await onlyReply(loser.phone, `YES ${request.code}`)).templateKey).toBe('delivery_taken');
    expect((await outboundTo(loser.phone)).map((m) => m.templateKey)).toEqual([
      'delivery_offer',
      'delivery_taken',
      'delivery_taken',
    ]);
    const after = await view(request.id);
    expect(after).toMatchObject({ status: 'ASSIGNED', assignedVolunteer: { id: winner.id } });
    expect(after.offers.map((o) => o.status)).toEqual(['ACCEPTED', 'WITHDRAWN']);
    // The winner's expiry job, due later, finds nothing to do.
    expect(await runExpiryJob(winnerOffer.id)).toBe('unchanged');
    expect((await view(request.id)).status).toBe('ASSIGNED');
  });

  it("answers someone else's code and an unknown code kindly, changing nothing", async () => {
    const zoneId = await zone();
    const offered = await volunteer(zoneId);
    const bystander = await volunteer(zoneId);
    const request = await createRequest(zoneId);
    await offer(request.id, offered.id);
    expect((await onlyReply(bystander.phone, `YES ${request.code}`)).templateKey).toBe(
      'delivery_not_offered',
    );
    expect((await onlyReply(bystander.phone, `DONE ${request.code}`)).templateKey).toBe('delivery_not_yours');
    expect((await onlyReply(bystander.phone, 'YES 99999')).templateKey).toBe('delivery_unknown_code');
    const after = await view(request.id);
    expect(after).toMatchObject({ status: 'OFFERED', assignedVolunteer: null });
    expect(after.offers.map((o) => o.status)).toEqual(['PENDING']);
  });

  it('bare YES and DONE act on the only candidate, and with two ask which', async () => {
    const zoneId = await zone();
    const busy = await volunteer(zoneId);
    const one = await createRequest(zoneId);
    const two = await createRequest(zoneId);
    await offer(one.id, busy.id);
    await offer(two.id, busy.id);
    const which = await onlyReply(busy.phone, 'YES');
    expect(which.templateKey).toBe('delivery_which');
    expect(which.body).toContain('Text YES with its code');
    for (const code of [one.code, two.code]) expect(which.body).toContain(String(code));

    await answer(busy.phone, `YES ${one.code}`);
    await answer(busy.phone, 'yes');
    expect((await view(two.id)).assignedVolunteer).toEqual({ id: busy.id });

    const doneWhich = await onlyReply(busy.phone, 'DONE');
    expect(doneWhich.templateKey).toBe('delivery_which');
    expect((await onlyReply(busy.phone, `PICKED ${one.code}`)).templateKey).toBe('delivery_picked');
    expect((await onlyReply(busy.phone, `DONE ${two.code}`)).templateKey).toBe('delivery_done');
    expect((await onlyReply(busy.phone, 'done')).templateKey).toBe('delivery_done');
    expect((await view(one.id)).status).toBe('DELIVERED');
    expect((await onlyReply(busy.phone, 'DONE')).templateKey).toBe('delivery_none');
  });

  it('assignDelivery texts the details; resend is audited; cancel texts "it is off" and withdraws pending offers', async () => {
    const zoneId = await zone();
    const assigned = await volunteer(zoneId);
    const waiting = await volunteer(zoneId);
    const request = await createRequest(zoneId);
    await offer(request.id, waiting.id);
    await ok(`mutation($r: ID!, $v: ID!) { assignDelivery(requestId: $r, volunteerId: $v) { id } }`, {
      r: request.id,
      v: assigned.id,
    });
    const [details] = await sentTo(assigned.phone);
    expect(details!.body).toContain(ADDRESS);
    expect((await sentTo(waiting.phone, 2))[1]!.body).toContain('has been taken');

    await ok(`mutation($r: ID!) { resendDeliveryDetails(requestId: $r) { id } }`, { r: request.id });
    const [, again] = await sentTo(assigned.phone, 2);
    expect(again!.body).toBe(details!.body);
    const audits: { action: string; field: string }[] = await db.query(
      `SELECT action, field FROM audit_entries WHERE subject_id = $1 ORDER BY field`,
      [request.id],
    );
    expect(audits).toEqual([
      { action: 'RESENT', field: 'address' },
      { action: 'RESENT', field: 'contactPhone' },
      { action: 'RESENT', field: 'notes' },
    ]);

    const extra = await volunteer(zoneId);
    const other = await createRequest(zoneId);
    await offer(other.id, extra.id);
    await ok(`mutation($id: ID!) { cancelDeliveryRequest(id: $id, reason: "family moved") { id } }`, {
      id: other.id,
    });
    expect((await sentTo(extra.phone, 2))[1]!.body).toContain('is no longer needed');
    expect((await offersOf(other.id)).map((o) => o.status)).toEqual([OfferStatus.WITHDRAWN]);

    await ok(`mutation($id: ID!) { cancelDeliveryRequest(id: $id, reason: "done by phone") { id } }`, {
      id: request.id,
    });
    const [, , off] = await sentTo(assigned.phone, 3);
    expect(off!.body).toContain(`Delivery ${request.code} has been cancelled`);
    for (const secret of SECRETS) expect(off!.body).not.toContain(secret);
  });

  it('refuses offers to volunteers who cannot take it, as BAD_USER_INPUT on volunteerId', async () => {
    const zoneId = await zone();
    const paused = await volunteer(zoneId, { status: VolunteerStatus.PAUSED });
    const optedOut = await volunteer(zoneId, { smsStatus: SmsStatus.OPTED_OUT });
    const elsewhere = await volunteer(await zone());
    const fine = await volunteer(zoneId);
    const request = await createRequest(zoneId);
    for (const { id } of [paused, optedOut, elsewhere]) {
      const response = await app.graphql(
        `mutation($r: ID!, $v: ID!) { offerDelivery(requestId: $r, volunteerId: $v) { id } }`,
        { r: request.id, v: id },
        admin,
      );
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'volunteerId',
      });
    }
    await offer(request.id, fine.id);
    const twice = await app.graphql(
      `mutation($r: ID!, $v: ID!) { offerDelivery(requestId: $r, volunteerId: $v) { id } }`,
      { r: request.id, v: fine.id },
      admin,
    );
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'volunteerId' });
    expect(await offersOf(request.id)).toHaveLength(1);
  });

  describe('the suggestion ranking (volunteer-match-ranking.ts)', () => {
    it('ranks by language, a car when wanted, availability now, then deliveries in progress, with reasons', async () => {
      const zoneId = await zone();
      const tz = app.config.networkTimezone;
      const today = DateTime.fromJSDate(clock.now(), { zone: tz }).weekday;
      const allDay = [{ weekday: today, start: '00:00', end: '23:59' }];
      const best = await volunteer(zoneId, {
        languages: ['es'],
        skills: [Skill.HAS_CAR],
        availability: allDay,
      });
      const busyDriver = await volunteer(zoneId, { languages: ['en', 'es'], skills: [Skill.DRIVER] });
      const speaker = await volunteer(zoneId, { languages: ['es'] });
      const englishDriver = await volunteer(zoneId, { skills: [Skill.HAS_CAR], availability: allDay });
      await volunteer(zoneId, { languages: ['es'], status: VolunteerStatus.PAUSED });
      await volunteer(zoneId, { languages: ['es'], smsStatus: SmsStatus.OPTED_OUT });
      await volunteer(await zone(), { languages: ['es'], skills: [Skill.HAS_CAR] });
      const alreadyOffered = await volunteer(zoneId, { languages: ['es'], skills: [Skill.HAS_CAR] });
      const request = await createRequest(zoneId, { householdSize: 5 });
      for (let index = 0; index < 2; index++) {
        const other = await createRequest(zoneId);
        await db.query(
          `UPDATE delivery_requests SET status = 'ASSIGNED', assigned_volunteer_id = $2 WHERE id = $1`,
          [other.id, busyDriver.id],
        );
      }
      await offer(request.id, alreadyOffered.id);

      const ranked = await rankVolunteerMatches(
        db.manager,
        { id: request.id, zoneId, language: 'es', householdSize: 5, urgency: DeliveryUrgency.NORMAL },
        { limit: 10, now: clock.now(), timezone: tz },
      );
      expect(ranked.map(({ volunteerId, reasons }) => [volunteerId, reasons])).toEqual([
        [best.id, ['speaks es', 'has a car', 'available now', 'no deliveries in progress']],
        [busyDriver.id, ['speaks es', 'has a car', '2 deliveries in progress']],
        [speaker.id, ['speaks es', 'no deliveries in progress']],
        [englishDriver.id, ['has a car', 'available now', 'no deliveries in progress']],
      ]);
      expect(ranked.map((match) => match.score)).toEqual(
        [...ranked.map((match) => match.score)].sort((a, b) => b - a),
      );

      // A small household at NORMAL urgency wants no car: the car is no reason then.
      const small = await rankVolunteerMatches(
        db.manager,
        { id: request.id, zoneId, language: 'es', householdSize: 2, urgency: DeliveryUrgency.NORMAL },
        { limit: 10, now: clock.now(), timezone: tz },
      );
      expect(small.map((match) => match.volunteerId)).toEqual([
        best.id,
        speaker.id,
        busyDriver.id,
        englishDriver.id,
      ]);
      expect(small[0]!.reasons).toEqual(['speaks es', 'available now', 'no deliveries in progress']);
    });
  });
});
