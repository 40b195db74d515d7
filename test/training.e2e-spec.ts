import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { Broadcast } from '../src/messaging/broadcasts/broadcast.entity.js';
import { Message, MessageDirection } from '../src/messaging/message.entity.js';
import { countSegments } from '../src/messaging/text/sms-text.js';
import { Signup, SignupStatus } from '../src/shifts/signup.entity.js';
import { AttendeeRetention } from '../src/training/attendee-retention.js';
import { TrainingEventCompletion } from '../src/training/training-event-completion.js';
import { SmsStatus, Skill, VolunteerStatus, type Volunteer } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { createZone, hoursFromNow, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const NETWORK_NUMBER = '+14142860000';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const EVENT_FIELDS = `id title status languages venue capacity registeredCount walkInCount trainerId offerBroadcastId
  startsAt endsAt zone { id } shifts { id code role } attendees { id name language attended hasPhone }`;
const CREATE_EVENT = `mutation Create($input: CreateTrainingEventInput!) {
  createTrainingEvent(input: $input) { ${EVENT_FIELDS} } }`;
const UPDATE_EVENT = `mutation Update($id: ID!, $input: UpdateTrainingEventInput!) {
  updateTrainingEvent(id: $id, input: $input) { ${EVENT_FIELDS} } }`;
const PUBLISH = `mutation Publish($id: ID!) { publishTrainingEvent(id: $id) { ${EVENT_FIELDS} } }`;
const CANCEL = `mutation Cancel($id: ID!, $reason: String!) { cancelTrainingEvent(id: $id, reason: $reason) { ${EVENT_FIELDS} } }`;
const REGISTER = `mutation Register($eventId: ID!, $input: RegisterAttendeeInput!) {
  registerAttendee(eventId: $eventId, input: $input) { id name language attended hasPhone } }`;
const ATTENDANCE = `mutation Attendance($eventId: ID!, $input: RecordAttendanceInput!) {
  recordAttendance(eventId: $eventId, input: $input) { ${EVENT_FIELDS} } }`;
const CREATE_SHIFT = `mutation Shift($input: CreateShiftInput!) { createShift(input: $input) { id code event { id } } }`;
const CLAIM = `mutation Claim($shiftId: ID!, $volunteerId: ID!) { claimShift(shiftId: $shiftId, volunteerId: $volunteerId) { id status } }`;

interface EventView {
  id: string;
  title: string;
  status: string;
  capacity: number;
  registeredCount: number;
  walkInCount: number | null;
  trainerId: string;
  offerBroadcastId: string | null;
  shifts: { id: string; code: string; role: string }[];
  attendees: { id: string; name: string | null; language: string; attended: boolean; hasPhone: boolean }[];
}

describe('training events (Twilio transport, worker running)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let app: TestApp;
  let dataSource: DataSource;
  let admin: string;
  let trainer: string;
  let trainerId: string;
  let otherTrainer: string;
  let otherTrainerId: string;
  let coordinatorId: string;
  let northCoordinator: string;
  let south: string;
  let north: string;
  let newVolunteer: ReturnType<typeof volunteerFactory>['volunteer'];

  const staffIdOf = async (email: string) =>
    ((await dataSource.query(`SELECT id FROM staff_users WHERE email = $1`, [email])) as { id: string }[])[0]
      .id;

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '1000', PII_RETENTION_DAYS: '14' },
      worker: true,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    dataSource = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    south = await createZone(app, admin, 'SOUTHSIDE');
    north = await createZone(app, admin, 'NORTHSIDE');
    trainer = await app.tokenFor(StaffRole.TRAINER, { email: 'trainer@vecino.test' });
    trainerId = await staffIdOf('trainer@vecino.test');
    otherTrainer = await app.tokenFor(StaffRole.TRAINER, { email: 'other-trainer@vecino.test' });
    otherTrainerId = await staffIdOf('other-trainer@vecino.test');
    await app.tokenFor(StaffRole.COORDINATOR, { email: 'coordinator@vecino.test' });
    coordinatorId = await staffIdOf('coordinator@vecino.test');
    northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
    ({ volunteer: newVolunteer } = volunteerFactory(dataSource, 289));
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });
  afterEach(() => clock.reset());

  const volunteer = (fields: Partial<Volunteer> = {}, zoneIds = [south]) => newVolunteer(fields, zoneIds);
  const eventInput = (fields: Record<string, unknown> = {}) => ({
    title: 'Conoce tus derechos',
    languages: ['es', 'en'],
    venue: 'Forest Home Library',
    zoneId: south,
    startsAt: hoursFromNow(48).toISOString(),
    endsAt: hoursFromNow(50).toISOString(),
    capacity: 30,
    ...fields,
  });
  const createEvent = async (fields: Record<string, unknown> = {}, token = trainer) => {
    const created = await app.graphql<{ createTrainingEvent: EventView }>(
      CREATE_EVENT,
      { input: eventInput(fields) },
      token,
    );
    expect(created.errors).toBeUndefined();
    return created.data!.createTrainingEvent;
  };
  const createShift = async (
    eventId: string | null,
    fields: Record<string, unknown> = {},
    token = trainer,
  ) => {
    const created = await app.graphql<{
      createShift: { id: string; code: string; event: { id: string } | null };
    }>(
      CREATE_SHIFT,
      {
        input: {
          eventId,
          zoneId: south,
          role: 'greeter',
          startsAt: hoursFromNow(47).toISOString(),
          endsAt: hoursFromNow(49).toISOString(),
          seats: 4,
          ...fields,
        },
      },
      token,
    );
    return created;
  };
  const shiftOn = async (eventId: string | null, fields: Record<string, unknown> = {}, token = trainer) => {
    const created = await createShift(eventId, fields, token);
    expect(created.errors).toBeUndefined();
    return created.data!.createShift;
  };
  const call = <T>(query: string, variables: Record<string, unknown>, token = trainer) =>
    app.graphql<T>(query, variables, token);
  const publish = async (id: string) => {
    const published = await call<{ publishTrainingEvent: EventView }>(PUBLISH, { id });
    expect(published.errors).toBeUndefined();
    return published.data!.publishTrainingEvent;
  };
  const errorOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions;
  const sentTo = (phone: string) => fake.received.filter((request) => request.to === phone && request.sid);
  /** Texts the network and returns the one reply recorded for it. */
  const replyTo = async (from: string, body: string) => {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const fields = {
      MessageSid: sid,
      AccountSid: TEST_TWILIO.accountSid,
      From: from,
      To: NETWORK_NUMBER,
      Body: body,
    };
    expect(
      (await postSignedTwilioForm(app, '/webhooks/twilio/sms', { ...fields, NumMedia: '0' })).status,
    ).toBe(200);
    const inbound = await waitFor(
      () =>
        dataSource
          .getRepository(Message)
          .findOneBy({ providerSid: sid, direction: MessageDirection.INBOUND }),
      (message) => message?.processedAt !== null && message?.processedAt !== undefined,
    );
    const [reply] = await dataSource.getRepository(Message).findBy({ inReplyToId: inbound!.id });
    return reply as Message & { body: string };
  };

  describe('publishTrainingEvent', () => {
    it('offers the open shifts through one broadcast to exactly the volunteers who fit them, in their language', async () => {
      const event = await createEvent({ title: 'Know your rights at work' });
      expect(event).toMatchObject({ status: 'DRAFT', trainerId, registeredCount: 0, offerBroadcastId: null });
      // Touching shifts (10:00-12:00, 12:00-14:00): one volunteer may hold both.
      const interpreter = await shiftOn(event.id, {
        role: 'interpreter',
        requiredSkill: Skill.INTERPRETER,
        requiredLanguage: 'es',
      });
      const childcare = await shiftOn(event.id, {
        role: 'childcare',
        requiredSkill: Skill.CHILDCARE,
        startsAt: hoursFromNow(49).toISOString(),
        endsAt: hoursFromNow(51).toISOString(),
      });
      expect(interpreter.event).toEqual({ id: event.id });

      const fits = {
        spanishInterpreter: await volunteer({
          skills: [Skill.INTERPRETER],
          languages: ['es', 'en'],
          preferredLanguage: 'es',
        }),
        childcare: await volunteer({ skills: [Skill.CHILDCARE] }),
      };
      const booked = await volunteer({ skills: [Skill.CHILDCARE] });
      const standAlone = await shiftOn(
        null,
        { role: 'hotline', startsAt: hoursFromNow(50).toISOString(), endsAt: hoursFromNow(52).toISOString() },
        admin,
      );
      expect(
        (await call(CLAIM, { shiftId: standAlone.id, volunteerId: booked.id }, admin)).errors,
      ).toBeUndefined();
      const misfits = [
        await volunteer({ skills: [Skill.INTERPRETER], languages: ['en'] }), // lacks the language
        await volunteer({ skills: [Skill.DRIVER] }), // lacks the skill
        await volunteer({ skills: [Skill.CHILDCARE] }, [north]), // another zone
        await volunteer({ skills: [Skill.CHILDCARE], smsStatus: SmsStatus.OPTED_OUT }),
        await volunteer({ skills: [Skill.CHILDCARE], status: VolunteerStatus.PAUSED }),
        booked, // holds an overlapping shift
      ];

      const published = await publish(event.id);
      expect(published.status).toBe('PUBLISHED');
      expect(published.offerBroadcastId).not.toBeNull();
      const broadcast = await dataSource
        .getRepository(Broadcast)
        .findOneByOrFail({ id: published.offerBroadcastId! });
      expect(broadcast).toMatchObject({ audience: 'event-shifts', audienceParams: { eventId: event.id } });
      expect(broadcast.zoneIds).toEqual([south]);

      const completed = await waitFor(
        () => dataSource.getRepository(Broadcast).findOneByOrFail({ id: broadcast.id }),
        (row) => row.status === 'COMPLETED',
        { timeoutMs: 90_000 },
      );
      expect(completed.status).toBe('COMPLETED');
      const messages = await dataSource.getRepository(Message).findBy({ broadcastId: broadcast.id });
      expect(messages.map((message) => message.volunteerId).sort()).toEqual(
        [fits.spanishInterpreter.id, fits.childcare.id].sort(),
      );
      // Everyone texted by the fake is texted through that broadcast, once; no misfit got anything.
      for (const misfit of misfits) {
        expect(sentTo(misfit.phone).filter((request) => request.body.includes(interpreter.code))).toEqual([]);
      }
      const [spanish] = sentTo(fits.spanishInterpreter.phone);
      const [english] = sentTo(fits.childcare.phone);
      expect(sentTo(fits.spanishInterpreter.phone)).toHaveLength(1);
      expect(english.body).toContain('Know your rights at work');
      expect(english.body).toContain('Forest Home Library');
      expect(english.body).toContain(`${interpreter.code} interpreter`);
      expect(english.body).toContain(`${childcare.code} childcare`);
      expect(english.body).toContain(`CLAIM ${interpreter.code}`);
      expect(spanish.body).toContain(`TOMAR ${interpreter.code}`);
      expect(spanish.body).toContain('Se necesitan voluntarios');
      for (const body of [english.body, spanish.body])
        expect(countSegments(body).segments).toBeLessThanOrEqual(3);

      expect((await call(PUBLISH, { id: event.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    }, 120_000);

    it("keeps a draft's shifts from volunteers: CLAIM by code finds no such shift until it is published", async () => {
      const event = await createEvent();
      const greeter = await shiftOn(event.id);
      const claimant = await volunteer();
      expect((await replyTo(claimant.phone, `CLAIM ${greeter.code}`)).body).toContain(
        `No upcoming shift has the code ${greeter.code}`,
      );
      await publish(event.id);
      expect((await replyTo(claimant.phone, `CLAIM ${greeter.code}`)).body).toContain(
        `You're confirmed for shift ${greeter.code}`,
      );
      const { data } = await call<{ shifts: { edges: { node: { id: string } }[] } }>(
        `query Shifts($eventId: ID) { shifts(filter: { eventId: $eventId }) { edges { node { id } } } }`,
        { eventId: event.id },
      );
      expect(data?.shifts.edges.map((edge) => edge.node.id)).toEqual([greeter.id]);
    }, 30_000);
  });

  it("a signup's shift carries its training event (null for a stand-alone shift), page of signups included", async () => {
    const event = await createEvent({ title: 'Sesion con turnos' });
    const greeter = await shiftOn(event.id, { role: 'greeter' });
    const standAlone = await shiftOn(null, { role: 'hotline' }, admin);
    await publish(event.id);
    const claimed = await call<{
      claimShift: { shift: { id: string; event: { id: string; title: string } | null } };
    }>(
      `mutation($shiftId: ID!, $volunteerId: ID!) {
        claimShift(shiftId: $shiftId, volunteerId: $volunteerId) { shift { id event { id title } } } }`,
      { shiftId: greeter.id, volunteerId: (await volunteer()).id },
      admin,
    );
    expect(claimed.errors).toBeUndefined();
    expect(claimed.data!.claimShift.shift).toEqual({
      id: greeter.id,
      event: { id: event.id, title: 'Sesion con turnos' },
    });
    expect(
      (await call(CLAIM, { shiftId: greeter.id, volunteerId: (await volunteer()).id }, admin)).errors,
    ).toBeUndefined();
    expect(
      (await call(CLAIM, { shiftId: standAlone.id, volunteerId: (await volunteer()).id }, admin)).errors,
    ).toBeUndefined();

    const roster = (id: string) =>
      call<{ shift: { roster: { shift: { event: { id: string } | null } }[] } }>(
        `query($id: ID!) { shift(id: $id) { roster { shift { event { id } } } } }`,
        { id },
        admin,
      );
    const onEvent = await roster(greeter.id);
    expect(onEvent.errors).toBeUndefined();
    expect(onEvent.data!.shift.roster.map((signup) => signup.shift.event)).toEqual([
      { id: event.id },
      { id: event.id },
    ]);
    const alone = await roster(standAlone.id);
    expect(alone.data!.shift.roster.map((signup) => signup.shift.event)).toEqual([null]);
  });

  it('cancelTrainingEvent cancels every signup and texts each volunteer and each attendee with a phone once', async () => {
    const event = await createEvent({ title: 'Sesion cancelada' });
    const first = await shiftOn(event.id, { role: 'setup' });
    const second = await shiftOn(event.id, {
      role: 'greeter',
      startsAt: hoursFromNow(49).toISOString(),
      endsAt: hoursFromNow(51).toISOString(),
      seats: 1,
    });
    await publish(event.id);
    const both = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
    const one = await volunteer();
    const waiting = await volunteer();
    for (const [shiftId, volunteerId] of [
      [first.id, both.id],
      [second.id, both.id],
      [first.id, one.id],
      [second.id, waiting.id], // waitlisted: the seat is taken
    ]) {
      expect((await call(CLAIM, { shiftId, volunteerId }, admin)).errors).toBeUndefined();
    }
    const attendeePhone = '+14145550177';
    expect(
      (await call(REGISTER, { eventId: event.id, input: { name: 'Rosa', phone: attendeePhone } })).errors,
    ).toBeUndefined();
    expect((await call(REGISTER, { eventId: event.id, input: {} })).errors).toBeUndefined();

    const cancelled = await call<{ cancelTrainingEvent: EventView }>(CANCEL, {
      id: event.id,
      reason: 'The venue closed',
    });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data?.cancelTrainingEvent.status).toBe('CANCELLED');
    const signups = await dataSource.getRepository(Signup).findBy({ shiftId: first.id });
    signups.push(...(await dataSource.getRepository(Signup).findBy({ shiftId: second.id })));
    expect(signups).toHaveLength(4);
    expect(signups.every((signup) => signup.status === SignupStatus.DROPPED)).toBe(true);

    const recipients = [both.phone, one.phone, waiting.phone, attendeePhone];
    await waitFor(
      () =>
        recipients.map((phone) =>
          sentTo(phone).filter((request) => request.body.includes('Sesion cancelada')),
        ),
      (sent) => sent.every((texts) => texts.length >= 1),
      { timeoutMs: 90_000 },
    );
    const cancellations: { phone: string; n: number }[] = await dataSource.query(
      `SELECT phone, count(*)::int AS n FROM messages WHERE template_key = 'training_cancelled' AND subject_id = $1
        GROUP BY phone ORDER BY phone`,
      [event.id],
    );
    expect(cancellations).toEqual(
      recipients.map((phone) => ({ phone, n: 1 })).sort((a, b) => a.phone.localeCompare(b.phone)),
    );
    expect(sentTo(both.phone).find((request) => request.body.includes('Sesion cancelada'))?.body).toMatch(
      /^Se cancel/,
    );
    // Nobody was offered the freed seats, and the codes no longer name the shifts.
    expect(sentTo(waiting.phone).filter((request) => request.body.includes('A seat opened'))).toEqual([]);
    const released: { code_released: boolean }[] = await dataSource.query(
      `SELECT code_released FROM shifts WHERE event_id = $1`,
      [event.id],
    );
    expect(released.every((row) => row.code_released)).toBe(true);
    expect(errorOf(await call(CANCEL, { id: event.id, reason: 'again' }))?.code).toBe('CONFLICT');
  }, 120_000);

  describe('attendees', () => {
    it('never registers more than capacity under concurrency (2 × capacity at once)', async () => {
      const capacity = 12;
      const event = await createEvent({ capacity });
      await publish(event.id);
      const results = await Promise.all(
        Array.from({ length: 2 * capacity }, (_, index) =>
          call<{ registerAttendee: { id: string } }>(REGISTER, {
            eventId: event.id,
            input: { name: `Person ${index}` },
          }),
        ),
      );
      const registered = results.filter((result) => result.data?.registerAttendee);
      const refused = results.filter((result) => errorOf(result)?.code === 'CONFLICT');
      expect(registered).toHaveLength(capacity);
      expect(refused).toHaveLength(capacity);
      const [row]: { registered_count: number; rows: number }[] = await dataSource.query(
        `SELECT e.registered_count, (SELECT count(*)::int FROM attendees a WHERE a.event_id = e.id) AS rows
           FROM training_events e WHERE e.id = $1`,
        [event.id],
      );
      expect(row).toEqual({ registered_count: capacity, rows: capacity });
      await expect(
        dataSource.query(`UPDATE training_events SET registered_count = capacity + 1 WHERE id = $1`, [
          event.id,
        ]),
      ).rejects.toThrow(/CHK_training_events_registered_within_capacity/);
    }, 60_000);

    it('stores the phone only encrypted, takes attendance both ways, completes the event and wipes the data after retention', async () => {
      const event = await createEvent({ languages: ['es'] });
      expect(errorOf(await call(REGISTER, { eventId: event.id, input: {} }))?.code).toBe('CONFLICT'); // a draft
      await publish(event.id);
      const phone = '(414) 555-0166';
      const withPhone = await call<{ registerAttendee: EventView['attendees'][number] }>(REGISTER, {
        eventId: event.id,
        input: { name: 'Lucía', phone },
      });
      expect(withPhone.data?.registerAttendee).toMatchObject({
        name: 'Lucía',
        language: 'es',
        hasPhone: true,
      });
      const plain = await call<{ registerAttendee: { id: string } }>(REGISTER, {
        eventId: event.id,
        input: { language: 'en' },
      });
      expect(errorOf(await call(REGISTER, { eventId: event.id, input: { phone: '12' } }))?.fields).toEqual([
        { field: 'phone', message: 'is not a valid phone number' },
      ]);
      const [stored]: { dump: string; ciphertext: string }[] = await dataSource.query(
        `SELECT a::text AS dump, a.phone_ciphertext AS ciphertext FROM attendees a WHERE a.id = $1`,
        [withPhone.data!.registerAttendee.id],
      );
      expect(stored.ciphertext).toMatch(/^v1:/);
      expect(stored.dump).not.toContain('4145550166');
      expect(stored.dump).not.toContain('555-0166');

      // Before it starts, attendance cannot be taken.
      const attendance = { attendedIds: [withPhone.data!.registerAttendee.id], headCount: 7 };
      expect(errorOf(await call(ATTENDANCE, { eventId: event.id, input: attendance }))?.code).toBe(
        'CONFLICT',
      );
      clock.advance(48.5 * HOUR);
      const perAttendee = await call<{ recordAttendance: EventView }>(ATTENDANCE, {
        eventId: event.id,
        input: { attendedIds: attendance.attendedIds },
      });
      expect(perAttendee.errors).toBeUndefined();
      expect(perAttendee.data?.recordAttendance.attendees.map((a) => a.attended)).toEqual([true, false]);
      expect(perAttendee.data?.recordAttendance.walkInCount).toBeNull();
      const headCount = await call<{ recordAttendance: EventView }>(ATTENDANCE, {
        eventId: event.id,
        input: { headCount: 7 },
      });
      expect(headCount.data?.recordAttendance.walkInCount).toBe(7);
      expect(headCount.data?.recordAttendance.attendees.map((a) => a.attended)).toEqual([true, false]);
      expect(
        errorOf(
          await call(ATTENDANCE, {
            eventId: event.id,
            input: { attendedIds: [plain.data!.registerAttendee.id, event.id] },
          }),
        )?.fields,
      ).toEqual([{ field: 'attendedIds', message: 'contains an id that is not an attendee of this event' }]);

      const completion = app.worker!.get(TrainingEventCompletion);
      await completion.completeOnce();
      expect(
        (
          await call<{ trainingEvent: EventView }>(`query($id: ID!) { trainingEvent(id: $id) { status } }`, {
            id: event.id,
          })
        ).data?.trainingEvent.status,
      ).toBe('PUBLISHED');
      clock.advance(2 * HOUR);
      expect(await completion.completeOnce()).toBeGreaterThanOrEqual(1);
      expect(
        (
          await call<{ trainingEvent: EventView }>(`query($id: ID!) { trainingEvent(id: $id) { status } }`, {
            id: event.id,
          })
        ).data?.trainingEvent.status,
      ).toBe('COMPLETED');

      const retention = app.worker!.get(AttendeeRetention);
      clock.advance(13 * DAY);
      await retention.purgeOnce();
      const kept: { name: string | null; phone_ciphertext: string | null }[] = await dataSource.query(
        `SELECT name, phone_ciphertext FROM attendees WHERE event_id = $1 AND name IS NOT NULL`,
        [event.id],
      );
      expect(kept).toHaveLength(1);
      clock.advance(1.5 * DAY);
      expect(await retention.purgeOnce()).toBeGreaterThanOrEqual(1);
      const wiped: {
        name: string | null;
        phone_ciphertext: string | null;
        attended: boolean;
        purged: boolean;
      }[] = await dataSource.query(
        `SELECT name, phone_ciphertext, attended, personal_data_purged_at IS NOT NULL AS purged
             FROM attendees WHERE event_id = $1 ORDER BY created_at`,
        [event.id],
      );
      expect(wiped).toEqual([
        { name: null, phone_ciphertext: null, attended: true, purged: true },
        { name: null, phone_ciphertext: null, attended: false, purged: false },
      ]);
    }, 60_000);
  });

  describe('roles and zones', () => {
    it("a trainer can neither edit another trainer's event nor add shifts to it, nor create free-standing shifts", async () => {
      const event = await createEvent();
      const edit = await call(UPDATE_EVENT, { id: event.id, input: { title: 'Mine now' } }, otherTrainer);
      expect(errorOf(edit)?.code).toBe('FORBIDDEN');
      expect(errorOf(await call(PUBLISH, { id: event.id }, otherTrainer))?.code).toBe('FORBIDDEN');
      expect(errorOf(await createShift(event.id, {}, otherTrainer))?.code).toBe('FORBIDDEN');
      expect(errorOf(await createShift(null, {}, trainer))?.code).toBe('FORBIDDEN');
      // Another trainer sees the session, not who registered for it.
      const seen = await call<{ trainingEvent: { id: string; attendees: unknown[] | null } }>(
        `query($id: ID!) { trainingEvent(id: $id) { id attendees { id } } }`,
        { id: event.id },
        otherTrainer,
      );
      expect(seen.data?.trainingEvent).toEqual({ id: event.id, attendees: null });
      const own = await call<{ updateTrainingEvent: EventView }>(UPDATE_EVENT, {
        id: event.id,
        input: { title: 'Still mine' },
      });
      expect(own.data?.updateTrainingEvent).toMatchObject({ title: 'Still mine', capacity: 30, trainerId });
      // A coordinator runs any event in scope, and names its trainer.
      const reassigned = await call<{ updateTrainingEvent: EventView }>(
        UPDATE_EVENT,
        { id: event.id, input: { trainerId: otherTrainerId } },
        admin,
      );
      expect(reassigned.data?.updateTrainingEvent.trainerId).toBe(otherTrainerId);
    });

    it('a zone-limited coordinator sees and names only their zones', async () => {
      const southEvent = await createEvent();
      expect(
        errorOf(
          await call(
            `query($id: ID!) { trainingEvent(id: $id) { id } }`,
            { id: southEvent.id },
            northCoordinator,
          ),
        )?.code,
      ).toBe('NOT_FOUND');
      const listed = await call<{ trainingEvents: { edges: { node: { id: string } }[] } }>(
        `{ trainingEvents(first: 100) { edges { node { id } } } }`,
        {},
        northCoordinator,
      );
      expect(listed.data?.trainingEvents.edges.map((edge) => edge.node.id)).not.toContain(southEvent.id);
      const outside = await call(CREATE_EVENT, { input: eventInput({ trainerId }) }, northCoordinator);
      expect(errorOf(outside)?.fields).toEqual([
        { field: 'zoneId', message: 'must be within the zones you coordinate' },
      ]);
      const northEvent = await createEvent({ zoneId: north, trainerId }, northCoordinator);
      const filtered = await call<{ trainingEvents: { edges: { node: { id: string } }[] } }>(
        `query($zoneId: ID) { trainingEvents(filter: { zoneId: $zoneId, status: DRAFT, language: "es" }) { edges { node { id } } } }`,
        { zoneId: north },
        admin,
      );
      expect(filtered.data?.trainingEvents.edges.map((edge) => edge.node.id)).toEqual([northEvent.id]);
    });
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const [{ n: before }]: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM training_events`,
    );
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ endsAt: hoursFromNow(47).toISOString() }, 'endsAt'],
      [{ startsAt: hoursFromNow(-1).toISOString(), endsAt: hoursFromNow(1).toISOString() }, 'startsAt'],
      [{ endsAt: hoursFromNow(80).toISOString() }, 'endsAt'],
      [{ capacity: 0 }, 'capacity'],
      [{ capacity: 1_000_000 }, 'capacity'],
      [{ zoneId: unknownId }, 'zoneId'],
      [{ languages: [] }, 'languages'],
      [{ title: '   ' }, 'title'],
      [{ trainerId: unknownId }, 'trainerId', admin],
      [{ trainerId: coordinatorId }, 'trainerId', admin],
      [{}, 'trainerId', admin],
    ];
    for (const [fields, field, token] of cases) {
      const response = await call(CREATE_EVENT, { input: eventInput(fields) }, token ?? trainer);
      expect({ fields, error: errorOf(response)?.code }).toEqual({ fields, error: 'BAD_USER_INPUT' });
      expect((errorOf(response)?.fields as { field: string }[]).map((problem) => problem.field)).toContain(
        field,
      );
    }
    expect(errorOf(await createShift(unknownId))?.fields).toEqual([
      { field: 'eventId', message: 'is not a training event you can see' },
    ]);
    expect(errorOf(await call(REGISTER, { eventId: unknownId, input: {} }))?.code).toBe('NOT_FOUND');
    const [{ n: after }]: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM training_events`,
    );
    expect(after).toBe(before);
  });

  it('trainingStats counts the sessions held, attendees, languages, shift fill and no-shows', async () => {
    const statsZone = await createZone(app, admin, 'WESTSIDE');
    const insertEvent = async (status: string, languages: string[], walkIns: number | null) => {
      const [row]: { id: string }[] = await dataSource.query(
        `INSERT INTO training_events (title, languages, venue, zone_id, starts_at, ends_at, capacity, trainer_id, status, walk_in_count, registered_count)
         VALUES ('Stats', $1, 'Hall', $2, '2026-06-01T15:00:00Z', '2026-06-01T17:00:00Z', 50, $3, $4, $5, 0) RETURNING id`,
        [languages, statsZone, trainerId, status, walkIns],
      );
      return row.id;
    };
    const held1 = await insertEvent('COMPLETED', ['es'], 4);
    const held2 = await insertEvent('COMPLETED', ['en', 'es'], null);
    const cancelled = await insertEvent('CANCELLED', ['en'], 10);
    for (const [eventId, attended] of [
      [held1, true],
      [held1, true],
      [held1, false],
      [held2, true],
      [cancelled, true],
    ] as const) {
      await dataSource.query(`INSERT INTO attendees (event_id, language, attended) VALUES ($1, 'es', $2)`, [
        eventId,
        attended,
      ]);
    }
    const shiftOf = async (eventId: string, code: string, seats: number) => {
      const [row]: { id: string }[] = await dataSource.query(
        `INSERT INTO shifts (code, code_released, zone_id, event_id, role, starts_at, ends_at, seats)
         VALUES ($1, true, $2, $3, 'greeter', '2026-06-01T14:30:00Z', '2026-06-01T17:00:00Z', $4) RETURNING id`,
        [code, statsZone, eventId, seats],
      );
      return row.id;
    };
    const shift1 = await shiftOf(held1, '0001', 4);
    const shift2 = await shiftOf(held2, '0002', 2);
    const other = await shiftOf(cancelled, '0003', 5);
    const statuses: [string, SignupStatus][] = [
      [shift1, SignupStatus.ATTENDED],
      [shift1, SignupStatus.ATTENDED],
      [shift1, SignupStatus.NO_SHOW],
      [shift1, SignupStatus.DROPPED],
      [shift2, SignupStatus.ATTENDED],
      [shift2, SignupStatus.CONFIRMED],
      [other, SignupStatus.NO_SHOW],
    ];
    for (const [shiftId, status] of statuses) {
      const person = await volunteer({}, [statsZone]);
      await dataSource.query(`INSERT INTO signups (shift_id, volunteer_id, status) VALUES ($1, $2, $3)`, [
        shiftId,
        person.id,
        status,
      ]);
    }
    const stats = await call<{ trainingStats: Record<string, unknown> }>(
      `query($zoneId: ID) { trainingStats(from: "2026-05-01T00:00:00Z", to: "2026-07-01T00:00:00Z", zoneId: $zoneId) {
          sessionsHeld attendees registered walkIns languages { language sessions attendees }
          shiftSeats shiftSeatsFilled shiftFillRate shiftAttended noShows noShowRate } }`,
      { zoneId: statsZone },
      admin,
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data?.trainingStats).toEqual({
      sessionsHeld: 2,
      attendees: 2 + 4 + 1,
      registered: 4,
      walkIns: 4,
      languages: [
        { language: 'es', sessions: 2, attendees: 7 },
        { language: 'en', sessions: 1, attendees: 1 },
      ],
      shiftSeats: 6,
      shiftSeatsFilled: 5,
      shiftFillRate: 5 / 6,
      shiftAttended: 3,
      noShows: 1,
      noShowRate: 1 / 4,
    });
    const outOfScope = await call(
      `query($zoneId: ID) { trainingStats(from: "2026-05-01T00:00:00Z", to: "2026-07-01T00:00:00Z", zoneId: $zoneId) { sessionsHeld } }`,
      { zoneId: statsZone },
      northCoordinator,
    );
    expect(errorOf(outOfScope)?.fields).toEqual([
      { field: 'zoneId', message: 'must be within the zones you coordinate' },
    ]);
  });
});
