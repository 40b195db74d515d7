import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { StaffRole } from '../../src/auth/staff-user.entity.js';
import { sendConcurrency } from '../../src/messaging/outbound/outbound.queue.js';
import { volunteerFactory } from '../support/shift-fixtures.js';
import { waitFor } from '../support/wait.js';
import { FaultHarness } from './fault-harness.js';

/** Requests offered (one offer each), half of them in auto mode with a second volunteer to go to next. */
const REQUESTS = 24;
/** Shifts with two confirmed signups each: one reminder per signup. */
const SHIFTS = 12;
/** Training events with three attendees who gave a phone: one reminder per attendee. */
const EVENTS = 8;
const ATTENDEES_PER_EVENT = 3;
/** Offers expire and reminders come due one after another over this window, which the restart falls into. */
const WINDOW_MS = 16_000;
/** Offers expire OFFER_EXPIRY_MINUTES (its least, 1) after they are made; the setup runs in the meantime. */
const OFFER_EXPIRY_MS = 60_000;
/** SHIFT_REMINDERS here: one reminder a minute before the start, so it can fall due within the test. */
const SHIFT_REMINDER = '1m';
const RATE = 50;
const TIMEZONE = 'America/Chicago';

interface Timers {
  /** Requests and their first offer; `auto` ones have a second volunteer to be offered next. */
  requests: { id: string; offerId: string; auto: boolean }[];
  signupIds: string[];
  attendeeIds: string[];
  /** Phones of every volunteer and attendee of this scenario. */
  phones: string[];
  /** When the first timer falls due; the last one WINDOW_MS later. */
  firstDue: number;
}

/** Where the timers stand: offers expired, reminders recorded as sent. */
interface Progress {
  expired: number;
  shiftReminders: number;
  attendeeReminders: number;
}

/**
 * Fault 6: delayed jobs — offer expiry, shift reminders, attendee reminders — falling due before, during and after
 * a worker restart (SIGKILL, then in a second scenario SIGTERM, each time a new worker started from dist/ while
 * the dead one's jobs and the ones that came due in between wait in this file's own Redis). The workers run on
 * real time (BullMQ delays do), so the timers are set a minute or a day ahead of real now, minus the little that
 * makes them fall due inside WINDOW_MS. Each offer must expire once (one history row, one text to each
 * volunteer), each reminder be recorded and texted once.
 */
describe('offer expiry and reminders across a worker restart', () => {
  const harness = new FaultHarness({
    SMS_RATE_PER_SECOND: String(RATE),
    OFFER_EXPIRY_MINUTES: '1',
    SHIFT_REMINDERS: SHIFT_REMINDER,
    NETWORK_TIMEZONE: TIMEZONE,
    QUIET_HOURS: '',
    OUTBOX_RECONCILE_INTERVAL_MS: '1000',
  });
  let admin: string;
  let trainer: string;

  beforeAll(async () => {
    await harness.open();
    admin = await harness.app.tokenFor(StaffRole.ADMIN);
    trainer = await harness.app.tokenFor(StaffRole.TRAINER);
  });
  afterAll(() => harness.close());

  const ok = async <T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await harness.app.graphql<T>(query, variables, token);
    if (!response.data) throw new Error(`${query.slice(0, 60)} failed: ${JSON.stringify(response.errors)}`);
    return response.data;
  };
  const createZone = async (code: string) =>
    (
      await ok<{ createZone: { id: string } }>(
        admin,
        'mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }',
        { input: { code, name: `${code} side` } },
      )
    ).createZone.id;
  const iso = (at: number) => new Date(at).toISOString();
  const untilReal = async (at: number) => sleep(Math.max(0, at - Date.now()));

  /**
   * Requests offered at such a pace that their offers expire one after another over WINDOW_MS from `firstDue`;
   * then shift and attendee reminders due over the same window (they only need to exist before they are due).
   */
  async function setTimers(scenario: string, exchange: number): Promise<Timers> {
    const { volunteer } = volunteerFactory(harness.dataSource, exchange);
    const phones: string[] = [];
    const newVolunteer = async (zoneId: string) => {
      const made = await volunteer({}, [zoneId]);
      phones.push(made.phone);
      return made.id;
    };
    const offerable: { zoneId: string; volunteerId: string; auto: boolean }[] = [];
    for (let index = 0; index < REQUESTS; index++) {
      const auto = index % 2 === 1;
      const zoneId = await createZone(`${scenario}D${index}`);
      offerable.push({ zoneId, volunteerId: await newVolunteer(zoneId), auto });
      if (auto) await newVolunteer(zoneId);
    }
    const remindersZone = await createZone(`${scenario}R`);

    const firstDue = Date.now() + OFFER_EXPIRY_MS + 5_000;
    const dueAt = (index: number, count: number) => firstDue + Math.round((index * WINDOW_MS) / (count - 1));
    /** A reminder set up after its time would be lost by the test's own doing: fail saying so. */
    const inTime = (due: number) => {
      if (due < Date.now() + 2_000) throw new Error('the setup ran past the window: the machine is too slow');
    };

    const requests: Timers['requests'] = [];
    for (const [index, { zoneId, volunteerId, auto }] of offerable.entries()) {
      await untilReal(dueAt(index, REQUESTS) - OFFER_EXPIRY_MS);
      const { createDeliveryRequest } = await ok<{ createDeliveryRequest: { id: string } }>(
        admin,
        'mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id } }',
        {
          input: {
            zoneId,
            address: '2650 N Teutonia Ave',
            householdAlias: `Fault household ${index}`,
            householdSize: 2,
            language: 'en',
            deliverBy: iso(Date.now() + 86_400_000),
          },
        },
      );
      const requestId = createDeliveryRequest.id;
      if (auto) {
        await ok(admin, 'mutation($id: ID!) { autoDispatch(requestId: $id) { id } }', { id: requestId });
      } else {
        await ok(
          admin,
          'mutation($r: ID!, $v: ID!) { offerDelivery(requestId: $r, volunteerId: $v) { id } }',
          {
            r: requestId,
            v: volunteerId,
          },
        );
      }
      const [offer]: { id: string }[] = await harness.dataSource.query(
        'SELECT id FROM delivery_offers WHERE request_id = $1',
        [requestId],
      );
      requests.push({ id: requestId, offerId: offer.id, auto });
    }

    const signupIds: string[] = [];
    for (let index = 0; index < SHIFTS; index++) {
      inTime(dueAt(index, SHIFTS));
      const startsAt = dueAt(index, SHIFTS) + 60_000;
      const { createShift } = await ok<{ createShift: { id: string } }>(
        admin,
        'mutation($input: CreateShiftInput!) { createShift(input: $input) { id } }',
        {
          input: {
            zoneId: remindersZone,
            role: 'greeter',
            seats: 2,
            startsAt: iso(startsAt),
            endsAt: iso(startsAt + 3600_000),
          },
        },
      );
      for (let seat = 0; seat < 2; seat++) {
        const { claimShift } = await ok<{ claimShift: { id: string; status: string } }>(
          admin,
          'mutation($shiftId: ID!, $volunteerId: ID!) { claimShift(shiftId: $shiftId, volunteerId: $volunteerId) { id status } }',
          { shiftId: createShift.id, volunteerId: await newVolunteer(remindersZone) },
        );
        expect(claimShift.status).toBe('CONFIRMED');
        signupIds.push(claimShift.id);
      }
    }

    const attendeeIds: string[] = [];
    for (let index = 0; index < EVENTS; index++) {
      inTime(dueAt(index, EVENTS));
      // The reminder goes at the same time of day the day before, on the network's calendar.
      const startsAt = DateTime.fromMillis(dueAt(index, EVENTS), { zone: TIMEZONE })
        .plus({ days: 1 })
        .toMillis();
      const { createTrainingEvent } = await ok<{ createTrainingEvent: { id: string } }>(
        trainer,
        'mutation($input: CreateTrainingEventInput!) { createTrainingEvent(input: $input) { id } }',
        {
          input: {
            title: `Fault 6 session ${index}`,
            languages: ['en'],
            venue: 'Forest Home Library',
            zoneId: remindersZone,
            startsAt: iso(startsAt),
            endsAt: iso(startsAt + 2 * 3600_000),
            capacity: 10,
          },
        },
      );
      await ok(trainer, 'mutation($id: ID!) { publishTrainingEvent(id: $id) { id } }', {
        id: createTrainingEvent.id,
      });
      for (let seat = 0; seat < ATTENDEES_PER_EVENT; seat++) {
        const phone = `+1414${exchange + 50}${String(1000 + index * 10 + seat)}`;
        phones.push(phone);
        const { registerAttendee } = await ok<{ registerAttendee: { id: string } }>(
          trainer,
          'mutation($eventId: ID!, $input: RegisterAttendeeInput!) { registerAttendee(eventId: $eventId, input: $input) { id } }',
          { eventId: createTrainingEvent.id, input: { name: `Attendee ${seat}`, phone, language: 'en' } },
        );
        attendeeIds.push(registerAttendee.id);
      }
    }
    return { requests, signupIds, attendeeIds, phones, firstDue };
  }

  async function progress(timers: Timers): Promise<Progress> {
    const [row]: { expired: number; shift: number; attendee: number }[] = await harness.dataSource.query(
      `SELECT (SELECT count(*)::int FROM delivery_offers WHERE id = ANY($1::uuid[]) AND status = 'EXPIRED') AS expired,
              (SELECT count(*)::int FROM shift_reminders_sent WHERE signup_id = ANY($2::uuid[])) AS shift,
              (SELECT count(*)::int FROM attendee_reminders_sent WHERE attendee_id = ANY($3::uuid[])) AS attendee`,
      [timers.requests.map((request) => request.offerId), timers.signupIds, timers.attendeeIds],
    );
    return { expired: row.expired, shiftReminders: row.shift, attendeeReminders: row.attendee };
  }

  /** Outbound texts to these phones by status. */
  async function textStatuses(phones: string[]): Promise<Record<string, number>> {
    const rows: { status: string; count: number }[] = await harness.dataSource.query(
      `SELECT status, count(*)::int AS count FROM messages
        WHERE direction = 'OUTBOUND' AND phone = ANY($1::text[]) GROUP BY status`,
      [phones],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }

  async function restartAcrossTimers(signal: 'SIGKILL' | 'SIGTERM', scenario: string, exchange: number) {
    // Duplicates are counted per scenario.
    harness.fake.reset();
    const first = await harness.startWorker();
    const timers = await setTimers(scenario, exchange);
    const expected: Progress = {
      expired: REQUESTS,
      shiftReminders: SHIFTS * 2,
      attendeeReminders: EVENTS * ATTENDEES_PER_EVENT,
    };

    // A third of the window handled by the first worker, a third falling due while no worker runs.
    await untilReal(timers.firstDue + WINDOW_MS / 3);
    expect(await first.signal(signal)).toEqual({ code: null, signal });
    const atStop = await progress(timers);
    await untilReal(timers.firstDue + (2 * WINDOW_MS) / 3);
    const whileDown = await progress(timers);
    const second = await harness.startWorker();

    // A job the killed worker held is taken over once its lock lapses (30 s); a text it had in flight waits
    // SEND_SETTLE_MS (30 s) before it is tried again.
    const done = await waitFor(
      () => progress(timers),
      (now) => JSON.stringify(now) === JSON.stringify(expected),
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    expect(done).toEqual(expected);
    const statuses = await waitFor(
      () => textStatuses(timers.phones),
      (counts) => !counts.QUEUED && !counts.SENDING,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    expect(Object.keys(statuses)).toEqual(['SENT']);

    // No offer expired twice: each request's history has each step once, the offer's expiry (SYSTEM) among them
    // for the manual ones; an auto one went on to its second volunteer, once.
    const history: { request_id: string; steps: string[] }[] = await harness.dataSource.query(
      `SELECT request_id, array_agg(coalesce(from_status::text, '-') || '>' || to_status::text || ':' || actor_kind
                                    ORDER BY sequence) AS steps
         FROM delivery_transitions WHERE request_id = ANY($1::uuid[]) GROUP BY request_id`,
      [timers.requests.map((request) => request.id)],
    );
    const stepsOf = new Map(history.map((row) => [row.request_id, row.steps]));
    const offers: { request_id: string; count: number }[] = await harness.dataSource.query(
      `SELECT request_id, count(*)::int AS count FROM delivery_offers WHERE request_id = ANY($1::uuid[])
        GROUP BY request_id`,
      [timers.requests.map((request) => request.id)],
    );
    const offersOf = new Map(offers.map((row) => [row.request_id, row.count]));
    for (const request of timers.requests) {
      const steps = stepsOf.get(request.id) ?? [];
      expect(new Set(steps).size).toBe(steps.length);
      if (request.auto) {
        expect(offersOf.get(request.id)).toBe(2);
        // Its second offer may have expired too by now (then it is OPEN again, once).
        expect(steps.slice(0, 2)).toEqual(['->OPEN:STAFF', 'OPEN>OFFERED:SYSTEM']);
      } else {
        expect(offersOf.get(request.id)).toBe(1);
        expect(steps).toEqual(['->OPEN:STAFF', 'OPEN>OFFERED:STAFF', 'OFFERED>OPEN:SYSTEM']);
      }
    }

    // One text a timer: each offer, each reminder recorded once in the outbox and accepted once by the fake.
    const texts: { phone: string; template_key: string; body: string; count: number }[] =
      await harness.dataSource.query(
        `SELECT phone, template_key, body, count(*)::int AS count FROM messages
          WHERE direction = 'OUTBOUND' AND phone = ANY($1::text[])
            AND template_key IN ('delivery_offer', 'shift_reminder', 'training_reminder')
          GROUP BY phone, template_key, body`,
        [timers.phones],
      );
    const recorded = (key: string) =>
      texts.filter((text) => text.template_key === key).reduce((sum, text) => sum + text.count, 0);
    expect(texts.every((text) => text.count === 1)).toBe(true);
    expect(recorded('delivery_offer')).toBe(REQUESTS + REQUESTS / 2);
    expect(recorded('shift_reminder')).toBe(expected.shiftReminders);
    expect(recorded('training_reminder')).toBe(expected.attendeeReminders);
    const acceptedTwice = texts.filter(
      (text) =>
        harness.fake.received.filter(
          (request) => request.sid !== null && request.to === text.phone && request.body === text.body,
        ).length > 1,
    ).length;
    const fakeDuplicates = harness.duplicatesAccepted();
    process.stderr.write(
      `${signal}: due over ${WINDOW_MS / 1000} s; when the worker was gone ${JSON.stringify(atStop)}, when the next ` +
        `worker started ${JSON.stringify(whileDown)}, at the end ${JSON.stringify(done)}; offers/reminders ` +
        `texted twice at the fake: ${acceptedTwice}; texts of any kind accepted twice: ${fakeDuplicates}\n`,
    );
    // The restart fell inside the window: the first worker had handled some timers and left others.
    const handled = (p: Progress) => p.expired + p.shiftReminders + p.attendeeReminders;
    expect(handled(atStop)).toBeGreaterThan(0);
    // Nothing ran while no worker did: what came due then waited for the next one.
    expect(whileDown).toEqual(atStop);
    expect(handled(whileDown)).toBeLessThan(handled(expected));
    if (signal === 'SIGTERM') expect(fakeDuplicates).toBe(0);
    // A kill -9 between Twilio's acceptance and the SID's write can send a text again: at most one a send slot.
    else expect(fakeDuplicates).toBeLessThanOrEqual(sendConcurrency(RATE));
    expect(acceptedTwice).toBeLessThanOrEqual(fakeDuplicates);
    // The next scenario starts with no worker of this one running.
    await second.stop();
  }

  it('kill -9: every offer expires once, every reminder is sent once', () =>
    restartAcrossTimers('SIGKILL', 'FK', 620));

  it('SIGTERM: every offer expires once, every reminder is sent once', () =>
    restartAcrossTimers('SIGTERM', 'FT', 640));
});
