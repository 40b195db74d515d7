import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { Message } from '../src/messaging/message.entity.js';
import { AttendeeReminderReconciler } from '../src/training/attendee-reminder-reconciler.js';
import { AttendeeReminderSender } from '../src/training/attendee-reminder-sender.js';
import {
  ATTENDEE_REMINDERS_QUEUE,
  attendeeReminderJobId,
  type AttendeeReminderJobData,
} from '../src/training/attendee-reminders.queue.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { createZone } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const CREATE = `mutation Create($input: CreateTrainingEventInput!) { createTrainingEvent(input: $input) { id } }`;
const PUBLISH = `mutation Publish($id: ID!) { publishTrainingEvent(id: $id) { id status } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateTrainingEventInput!) { updateTrainingEvent(id: $id, input: $input) { id } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelTrainingEvent(id: $id, reason: "venue closed") { id status } }`;
const REGISTER = `mutation Register($eventId: ID!, $input: RegisterAttendeeInput!) { registerAttendee(eventId: $eventId, input: $input) { id } }`;
/** Sunday 14 March 2027, 10:00 CDT; the day before is still CST, so the reminder is 23 real hours ahead. */
const SUNDAY_10 = '2027-03-14T15:00:00.000Z';
const SATURDAY_10 = '2027-03-13T16:00:00.000Z';

describe('attendee reminders (worker running, fake Twilio, controllable clock)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let app: TestApp;
  let dataSource: DataSource;
  let queue: Queue<AttendeeReminderJobData>;
  let trainer: string;
  let south: string;
  let phoneCounter = 0;

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '1000' },
      worker: true,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    dataSource = app.api.get(DataSource);
    queue = app.api.get<Queue<AttendeeReminderJobData>>(getQueueToken(ATTENDEE_REMINDERS_QUEUE), {
      strict: false,
    });
    south = await createZone(app, await app.tokenFor(StaffRole.ADMIN), 'SOUTHSIDE');
    trainer = await app.tokenFor(StaffRole.TRAINER);
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });
  afterEach(() => clock.reset());

  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await app.graphql<T>(query, variables, trainer);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const publishedEvent = async (startsAt: string) => {
    const endsAt = new Date(Date.parse(startsAt) + 2 * 3600_000).toISOString();
    const { createTrainingEvent } = await ok<{ createTrainingEvent: { id: string } }>(CREATE, {
      input: {
        title: 'Derechos en casa',
        languages: ['es', 'en'],
        venue: 'Forest Home Library',
        zoneId: south,
        startsAt,
        endsAt,
        capacity: 30,
      },
    });
    await ok(PUBLISH, { id: createTrainingEvent.id });
    return createTrainingEvent.id;
  };
  const register = async (eventId: string, language: string, withPhone = true) => {
    const phone = `+1414287${String(++phoneCounter).padStart(4, '0')}`;
    await ok(REGISTER, { eventId, input: { name: 'Ana', language, ...(withPhone && { phone }) } });
    return phone;
  };
  const jobOf = (eventId: string) =>
    queue.getJob(attendeeReminderJobId(eventId)) as Promise<Job<AttendeeReminderJobData> | undefined>;
  const remindersOf = (eventId: string) =>
    dataSource.getRepository(Message).findBy({ subjectId: eventId, templateKey: 'training_reminder' });

  it('schedules one job at the same local time the day before on publish, and moves it with the event', async () => {
    clock.offsetMs = Date.parse('2027-03-10T12:00:00Z') - Date.now();
    const eventId = await publishedEvent(SUNDAY_10);
    const job = await jobOf(eventId);
    expect(job?.data).toEqual({ eventId, remindAt: SATURDAY_10 });
    // The delay was computed on the test's clock: a few seconds of slack for a loaded machine.
    const due = job!.timestamp + (job!.opts.delay ?? 0) + clock.offsetMs;
    expect(Math.abs(due - Date.parse(SATURDAY_10))).toBeLessThan(5000);

    // An hour later the same Sunday: the job follows, and the old one, were it to run, sends nothing.
    await ok(UPDATE, {
      id: eventId,
      input: { startsAt: '2027-03-14T16:00:00.000Z', endsAt: '2027-03-14T18:00:00.000Z' },
    });
    expect((await jobOf(eventId))?.data.remindAt).toBe('2027-03-13T17:00:00.000Z');
    await register(eventId, 'es');
    clock.offsetMs = Date.parse('2027-03-13T16:01:00Z') - Date.now();
    expect(await app.worker!.get(AttendeeReminderSender).send(job!.data)).toBe('stale');
    expect(await remindersOf(eventId)).toHaveLength(0);
  });

  it('texts each attendee with a phone once, in their language and local time, even when the job runs twice', async () => {
    clock.offsetMs = Date.parse('2027-03-12T12:00:00Z') - Date.now();
    const eventId = await publishedEvent(SUNDAY_10);
    const spanish = await register(eventId, 'es');
    const english = await register(eventId, 'en');
    await register(eventId, 'en', false);
    const job = (await jobOf(eventId)) as Job<AttendeeReminderJobData>;
    clock.offsetMs = Date.parse('2027-03-13T16:05:00Z') - Date.now();

    await job.promote();
    await waitFor(
      () => job.getState(),
      (state) => state === 'completed',
    );
    expect((await jobOf(eventId))?.returnvalue).toEqual({ sent: 2 });
    const bodyTo = async (phone: string) =>
      (
        await waitFor(
          () => fake.received.filter((request) => request.to === phone && request.sid),
          (received) => received.length >= 1,
        )
      )[0].body;
    expect(await bodyTo(spanish)).toBe(
      'Recordatorio: el taller "Conoce tus derechos" "Derechos en casa" es dom 10:00, Forest Home Library. ¡Te esperamos!',
    );
    expect(await bodyTo(english)).toBe(
      'Reminder: the know-your-rights session "Derechos en casa" is Sun 10:00, Forest Home Library. See you there!',
    );

    // The same job again (a stalled run taken over): nobody is texted twice.
    expect(await app.worker!.get(AttendeeReminderSender).send(job.data)).toEqual({ sent: 0 });
    expect(await remindersOf(eventId)).toHaveLength(2);
  });

  it('drops the job of a cancelled event, and a leftover one sends nothing', async () => {
    clock.offsetMs = Date.parse('2027-03-10T12:00:00Z') - Date.now();
    const eventId = await publishedEvent(SUNDAY_10);
    await register(eventId, 'en');
    const data = (await jobOf(eventId))!.data;
    await ok(CANCEL, { id: eventId });
    expect(await jobOf(eventId)).toBeUndefined();
    clock.offsetMs = Date.parse('2027-03-13T16:01:00Z') - Date.now();
    expect(await app.worker!.get(AttendeeReminderSender).send(data)).toBe('stale');
    expect(await remindersOf(eventId)).toHaveLength(0);
  });

  it('the reconciler puts back a job Redis lost, and leaves a right one alone', async () => {
    clock.offsetMs = Date.parse('2027-03-13T15:00:00Z') - Date.now();
    const eventId = await publishedEvent(SUNDAY_10);
    const kept = (await jobOf(eventId)) as Job<AttendeeReminderJobData>;
    await kept.remove();

    const reconciler = app.worker!.get(AttendeeReminderReconciler);
    expect(await reconciler.reconcileOnce()).toBeGreaterThanOrEqual(1);
    const restored = (await jobOf(eventId)) as Job<AttendeeReminderJobData>;
    expect(restored.data).toEqual(kept.data);
    await reconciler.reconcileOnce();
    expect((await jobOf(eventId))?.timestamp).toBe(restored.timestamp);
  });
});
