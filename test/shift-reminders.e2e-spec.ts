import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { Message } from '../src/messaging/message.entity.js';
import { ShiftReminderReconciler } from '../src/shifts/shift-reminder-reconciler.js';
import { ShiftReminderSender } from '../src/shifts/shift-reminder-sender.js';
import {
  SHIFT_REMINDERS_QUEUE,
  shiftReminderJobId,
  type ShiftReminderJobData,
} from '../src/shifts/shift-reminders.queue.js';
import { Volunteer } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { createZone, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const DAY_BEFORE = 1440;
const TWO_HOURS = 120;
const CREATE = `mutation Create($input: CreateShiftInput!) { createShift(input: $input) { id code } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateShiftInput!) { updateShift(id: $id, input: $input) { id startsAt } }`;
const CLAIM = `mutation Claim($shiftId: ID!, $volunteerId: ID!) { claimShift(shiftId: $shiftId, volunteerId: $volunteerId) { id status } }`;
const DROP = `mutation Drop($shiftId: ID!, $volunteerId: ID!) { dropShift(shiftId: $shiftId, volunteerId: $volunteerId) { id status } }`;

describe('shift reminders (worker running, fake Twilio, controllable clock)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  let app: TestApp;
  let dataSource: DataSource;
  let queue: Queue<ShiftReminderJobData>;
  let admin: string;
  let south: string;
  let newVolunteer: ReturnType<typeof volunteerFactory>['volunteer'];

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '1000', SHIFT_REMINDERS: '24h,2h' },
      worker: true,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    dataSource = app.api.get(DataSource);
    queue = app.api.get<Queue<ShiftReminderJobData>>(getQueueToken(SHIFT_REMINDERS_QUEUE), { strict: false });
    admin = await app.tokenFor(StaffRole.ADMIN);
    south = await createZone(app, admin, 'SOUTHSIDE');
    newVolunteer = volunteerFactory(dataSource, 289).volunteer;
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });
  afterEach(() => clock.reset());

  const volunteer = (fields: Partial<Volunteer> = {}) => newVolunteer(fields, [south]);
  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await app.graphql<T>(query, variables, admin);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const shiftAt = async (startsAt: string, seats = 3) => {
    const endsAt = new Date(new Date(startsAt).getTime() + 2 * 3600_000).toISOString();
    const created = await ok<{ createShift: { id: string; code: string } }>(CREATE, {
      input: { zoneId: south, role: 'greeter', startsAt, endsAt, seats },
    });
    return created.createShift;
  };
  const claim = async (shiftId: string, volunteerId: string) =>
    (await ok<{ claimShift: { id: string; status: string } }>(CLAIM, { shiftId, volunteerId })).claimShift;
  const jobOf = (signupId: string, offset: number) =>
    queue.getJob(shiftReminderJobId(signupId, offset)) as Promise<Job<ShiftReminderJobData> | undefined>;
  /** When the job will run on the test's clock: added at real `timestamp`, due `delay` later. */
  const dueOnTestClock = (job: Job) => job.timestamp + (job.opts.delay ?? 0) + clock.offsetMs;
  const remindersTo = (volunteerId: string) =>
    dataSource.getRepository(Message).findBy({ volunteerId, templateKey: 'shift_reminder' });

  it.each([
    // Sunday 14 March 2027, 10:00 CDT: the day before is still CST, so the day-before reminder is 23 real hours ahead.
    [
      'March',
      '2027-03-10T12:00:00Z',
      '2027-03-14T15:00:00.000Z',
      '2027-03-13T16:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
    ],
    // Sunday 7 November 2027, 10:00 CST: the day before is still CDT, 25 real hours ahead.
    [
      'November',
      '2027-11-03T12:00:00Z',
      '2027-11-07T16:00:00.000Z',
      '2027-11-06T15:00:00.000Z',
      '2027-11-07T14:00:00.000Z',
    ],
  ])(
    'schedules a claim’s reminders at 10:00 the day before and 08:00 across the %s change (America/Chicago)',
    async (_month, now, startsAt, dayBefore, twoHours) => {
      clock.offsetMs = new Date(now).getTime() - Date.now();
      const shift = await shiftAt(startsAt);
      const signup = await claim(shift.id, (await volunteer()).id);
      const [early, late] = await Promise.all([jobOf(signup.id, DAY_BEFORE), jobOf(signup.id, TWO_HOURS)]);
      expect(early?.data).toEqual({ signupId: signup.id, offsetMinutes: DAY_BEFORE, remindAt: dayBefore });
      expect(late?.data).toEqual({ signupId: signup.id, offsetMinutes: TWO_HOURS, remindAt: twoHours });
      // The delays were computed on the test's clock: a few seconds of slack for a loaded machine.
      expect(Math.abs(dueOnTestClock(early as Job) - Date.parse(dayBefore))).toBeLessThan(5000);
      expect(Math.abs(dueOnTestClock(late as Job) - Date.parse(twoHours))).toBeLessThan(5000);
    },
  );

  it('moves the reminders when the shift moves, texts the new time, and a job for the old time sends nothing', async () => {
    clock.offsetMs = Date.parse('2027-03-10T12:00:00Z') - Date.now();
    const shift = await shiftAt('2027-03-14T15:00:00.000Z');
    const person = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
    const signup = await claim(shift.id, person.id);
    const before = (await jobOf(signup.id, TWO_HOURS))?.data as ShiftReminderJobData;

    // An hour later, on the same Sunday: 11:00 CDT.
    await ok(UPDATE, {
      id: shift.id,
      input: { startsAt: '2027-03-14T16:00:00.000Z', endsAt: '2027-03-14T18:00:00.000Z' },
    });
    expect((await jobOf(signup.id, TWO_HOURS))?.data.remindAt).toBe('2027-03-14T14:00:00.000Z');
    expect((await jobOf(signup.id, DAY_BEFORE))?.data.remindAt).toBe('2027-03-13T17:00:00.000Z');
    const moved = await dataSource
      .getRepository(Message)
      .findOneByOrFail({ volunteerId: person.id, templateKey: 'shift_moved' });
    expect(moved.body).toContain('dom 11:00');

    const sender = app.worker!.get(ShiftReminderSender);
    expect(await sender.send(before)).toBe('stale');
    expect(await remindersTo(person.id)).toHaveLength(0);
  });

  it('removes the reminders of a dropped signup and schedules those of the volunteer promoted in its place', async () => {
    clock.offsetMs = Date.parse('2027-03-10T12:00:00Z') - Date.now();
    const shift = await shiftAt('2027-03-15T15:00:00.000Z', 1);
    const [first, second] = [await volunteer(), await volunteer()];
    const confirmed = await claim(shift.id, first.id);
    const waiting = await claim(shift.id, second.id);
    expect(waiting.status).toBe('WAITLISTED');
    expect(await jobOf(waiting.id, TWO_HOURS)).toBeUndefined();

    const dropped = (
      await ok<{ dropShift: { id: string } }>(DROP, { shiftId: shift.id, volunteerId: first.id })
    ).dropShift;
    expect(dropped.id).toBe(confirmed.id);
    expect(await jobOf(confirmed.id, DAY_BEFORE)).toBeUndefined();
    expect(await jobOf(confirmed.id, TWO_HOURS)).toBeUndefined();
    expect((await jobOf(waiting.id, TWO_HOURS))?.data.remindAt).toBe('2027-03-15T13:00:00.000Z');

    // A job left over from the dropped signup (as if its removal had failed) sends nothing.
    const sender = app.worker!.get(ShiftReminderSender);
    expect(
      await sender.send({
        signupId: confirmed.id,
        offsetMinutes: TWO_HOURS,
        remindAt: '2027-03-15T13:00:00.000Z',
      }),
    ).toBe('stale');
  });

  it('texts a due reminder once, in the volunteer’s language with the local time, even when its job runs twice', async () => {
    // Saturday 13 March 2027 at 16:05Z: just after the day-before reminder of Sunday's 10:00 shift was due.
    clock.offsetMs = Date.parse('2027-03-13T12:00:00Z') - Date.now();
    const shift = await shiftAt('2027-03-14T15:00:00.000Z');
    const person = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
    const signup = await claim(shift.id, person.id);
    const job = (await jobOf(signup.id, DAY_BEFORE)) as Job<ShiftReminderJobData>;
    clock.offsetMs = Date.parse('2027-03-13T16:05:00Z') - Date.now();

    await job.promote();
    const sent = await waitFor(
      () => fake.received.filter((request) => request.to === person.phone && request.sid),
      (received) => received.length >= 1,
    );
    expect(sent[0].body).toBe(
      `Recordatorio: el turno ${shift.code}, greeter, empieza dom 10:00. ¡Gracias por venir!`,
    );
    await waitFor(
      () => job.getState(),
      (state) => state === 'completed',
    );
    expect(await jobOf(signup.id, DAY_BEFORE).then((done) => done?.returnvalue)).toBe('sent');

    // The same job again (a stalled run taken over): nothing more.
    const sender = app.worker!.get(ShiftReminderSender);
    expect(await sender.send(job.data)).toBe('already_sent');
    expect(await remindersTo(person.id)).toHaveLength(1);
  });

  it('the reconciler puts back a reminder job Redis lost, and leaves the right ones alone', async () => {
    clock.offsetMs = Date.parse('2027-03-13T20:00:00Z') - Date.now();
    const shift = await shiftAt('2027-03-14T15:00:00.000Z');
    const signup = await claim(shift.id, (await volunteer()).id);
    const kept = (await jobOf(signup.id, TWO_HOURS)) as Job<ShiftReminderJobData>;
    // The day-before reminder was due at 10:00 this morning: none was scheduled for it.
    expect(await jobOf(signup.id, DAY_BEFORE)).toBeUndefined();
    await kept.remove();

    await app.worker!.get(ShiftReminderReconciler).reconcileOnce();
    const restored = (await jobOf(signup.id, TWO_HOURS)) as Job<ShiftReminderJobData>;
    expect(restored.data).toEqual(kept.data);
    await app.worker!.get(ShiftReminderReconciler).reconcileOnce();
    expect((await jobOf(signup.id, TWO_HOURS))?.timestamp).toBe(restored.timestamp);
    expect(await jobOf(signup.id, DAY_BEFORE)).toBeUndefined();
  });
});
