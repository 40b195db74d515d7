import { randomBytes } from 'node:crypto';
import nodeIcal from 'node-ical';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Message, MessageDirection } from '../src/messaging/message.entity.js';
import { countSegments } from '../src/messaging/text/sms-text.js';
import { NoShowMarker } from '../src/shifts/no-show-marker.js';
import { Shift } from '../src/shifts/shift.entity.js';
import { Signup, SignupStatus } from '../src/shifts/signup.entity.js';
import { Skill, Volunteer, VolunteerStatus } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { createZone, hoursFromNow, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const WEBHOOK = '/webhooks/twilio/sms';
const NETWORK_NUMBER = '+14142860000';
/** Claimants in the burst test; SHIFT_CLAIM_BURST lowers it on a slow machine (the issue asks for 500). */
const BURST = Number(process.env.SHIFT_CLAIM_BURST ?? 500);
const BURST_SEATS = 20;
const messageSid = () => `SM${randomBytes(16).toString('hex')}`;

describe('shifts by SMS (Twilio transport, worker running)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let app: TestApp;
  let dataSource: DataSource;
  let admin: string;
  let south: string;
  let north: string;
  let newVolunteer: ReturnType<typeof volunteerFactory>['volunteer'];
  let nextPhone: () => string;

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      env: { ...twilioEnv(baseUrl), SMS_RATE_PER_SECOND: '1000', SHIFT_DROP_CUTOFF_HOURS: '3' },
      worker: true,
    });
    dataSource = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    south = await createZone(app, admin, 'SOUTHSIDE');
    north = await createZone(app, admin, 'NORTHSIDE');
    ({ volunteer: newVolunteer, nextPhone } = volunteerFactory(dataSource, 288));
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  const volunteer = (fields: Partial<Volunteer> = {}, zoneIds = [south]) => newVolunteer(fields, zoneIds);
  const shift = async (fields: Record<string, unknown> = {}) => {
    const response = await app.graphql<{ createShift: { id: string; code: string } }>(
      `mutation Create($input: CreateShiftInput!) { createShift(input: $input) { id code } }`,
      {
        input: {
          zoneId: south,
          role: 'greeter',
          startsAt: hoursFromNow(48).toISOString(),
          endsAt: hoursFromNow(50).toISOString(),
          seats: 5,
          ...fields,
        },
      },
      admin,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.createShift;
  };
  const text = (from: string, body: string, sid = messageSid()) =>
    postSignedTwilioForm(app, WEBHOOK, {
      MessageSid: sid,
      AccountSid: TEST_TWILIO.accountSid,
      From: from,
      To: NETWORK_NUMBER,
      Body: body,
      NumMedia: '0',
    });
  /** Posts a text and returns the one reply recorded for it. */
  async function reply(from: string, body: string): Promise<Message & { body: string; inbound: Message }> {
    const sid = messageSid();
    expect((await text(from, body, sid)).status).toBe(200);
    // The webhook answers once the text is stored; its command runs after the answer.
    const inbound = await waitFor(
      () =>
        dataSource
          .getRepository(Message)
          .findOneByOrFail({ providerSid: sid, direction: MessageDirection.INBOUND }),
      (message) => message.processedAt !== null,
    );
    const replies = await dataSource.getRepository(Message).findBy({ inReplyToId: inbound.id });
    expect(replies).toHaveLength(1);
    expect(replies[0].body).not.toBeNull();
    return Object.assign(replies[0] as Message & { body: string }, { inbound });
  }
  const signupsOf = (shiftId: string) => dataSource.getRepository(Signup).findBy({ shiftId });
  const sentTo = (phone: string, atLeast = 1) =>
    waitFor(
      () => fake.received.filter((request) => request.to === phone && request.sid),
      (sent) => sent.length >= atLeast,
    );

  it(`${BURST} concurrent CLAIMs from ${BURST} volunteers for ${BURST_SEATS} seats: exactly ${BURST_SEATS} confirmed, the rest waitlisted 1..n, one reply each`, async () => {
    const target = await shift({ seats: BURST_SEATS, role: 'know-your-rights greeter' });
    const inserted: { id: string; phone: string }[] = await dataSource.query(
      `INSERT INTO volunteers (name, phone, preferred_language, languages)
       SELECT 'Burst ' || n, p, 'en', '{en}' FROM unnest($1::text[]) WITH ORDINALITY AS t(p, n)
       RETURNING id, phone`,
      [Array.from({ length: BURST }, () => nextPhone())],
    );
    await dataSource.query(
      `INSERT INTO volunteer_zones (volunteers_id, zones_id) SELECT unnest($1::uuid[]), $2`,
      [inserted.map((row) => row.id), south],
    );

    const latencies: number[] = [];
    const started = performance.now();
    const responses = await Promise.all(
      inserted.map(async ({ phone }) => {
        const sent = performance.now();
        const response = await text(phone, `claim ${target.code}`);
        latencies.push(performance.now() - sent);
        return response.status;
      }),
    );
    const answered = performance.now() - started;
    expect(responses.every((status) => status === 200)).toBe(true);
    const processed = await waitFor(
      () =>
        dataSource.query(
          `SELECT count(*)::int AS n FROM messages WHERE direction = 'INBOUND' AND processed_at IS NOT NULL
              AND phone = ANY($1)`,
          [inserted.map((row) => row.phone)],
        ) as Promise<{ n: number }[]>,
      (rows) => rows[0].n === BURST,
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    expect(processed[0].n).toBe(BURST);
    const wall = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.ceil(latencies.length * 0.95) - 1];
    // Figures for the notes, not a pass/fail bound.
    process.stdout.write(
      `[shift claim burst] ${BURST} claims: all answered in ${Math.round(answered)} ms, all processed in ` +
        `${Math.round(wall)} ms; webhook latency p50 ${Math.round(latencies[Math.floor(latencies.length / 2)])} ms, ` +
        `p95 ${Math.round(p95)} ms, max ${Math.round(latencies.at(-1)!)} ms\n`,
    );

    const signups = await signupsOf(target.id);
    expect(signups).toHaveLength(BURST);
    expect(new Set(signups.map((signup) => signup.volunteerId)).size).toBe(BURST);
    const confirmed = signups.filter((signup) => signup.status === SignupStatus.CONFIRMED);
    const waitlisted = signups.filter((signup) => signup.status === SignupStatus.WAITLISTED);
    expect(confirmed).toHaveLength(BURST_SEATS);
    expect(waitlisted.map((signup) => signup.waitlistPosition).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: BURST - BURST_SEATS }, (_, index) => index + 1),
    );
    expect(await dataSource.getRepository(Shift).findOneByOrFail({ id: target.id })).toMatchObject({
      confirmedCount: BURST_SEATS,
      waitlistCount: BURST - BURST_SEATS,
    });

    const replies: { phone: string; template_key: string; n: number }[] = await dataSource.query(
      `SELECT phone, template_key, count(*)::int AS n FROM messages
        WHERE direction = 'OUTBOUND' AND in_reply_to_id IS NOT NULL AND phone = ANY($1)
        GROUP BY phone, template_key`,
      [inserted.map((row) => row.phone)],
    );
    expect(replies).toHaveLength(BURST);
    expect(replies.every((row) => row.n === 1)).toBe(true);
    expect(replies.filter((row) => row.template_key === 'shift_confirmed')).toHaveLength(BURST_SEATS);
    expect(replies.filter((row) => row.template_key === 'shift_waitlisted')).toHaveLength(
      BURST - BURST_SEATS,
    );
    const phones = new Set(inserted.map((row) => row.phone));
    const delivered = await waitFor(
      () => fake.received.filter((request) => phones.has(request.to) && request.sid),
      (sent) => sent.length >= BURST,
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(new Set(delivered.map((request) => request.to)).size).toBe(BURST);
  }, 180_000);

  it('the same volunteer texting CLAIM 5 times at once (5 MessageSids): one signup, five replies saying so', async () => {
    const target = await shift({ seats: 3 });
    const person = await volunteer();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => text(person.phone, `CLAIM ${target.code}`)),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const replies = await waitFor(
      () =>
        dataSource
          .getRepository(Message)
          .findBy({ phone: person.phone, direction: MessageDirection.OUTBOUND }),
      (found) => found.length === 5,
    );
    const signups = await signupsOf(target.id);
    expect(signups.map((signup) => [signup.volunteerId, signup.status])).toEqual([
      [person.id, SignupStatus.CONFIRMED],
    ]);
    expect(new Set(replies.map((message) => message.templateKey))).toEqual(new Set(['shift_confirmed']));
    expect((await dataSource.getRepository(Shift).findOneByOrFail({ id: target.id })).confirmedCount).toBe(1);
  });

  it('CLAIM replies: confirmed with the local time, waitlisted with the position, in Spanish for es', async () => {
    // Saturday 2030-03-09 10:00 in Chicago (16:00 UTC, before the DST change of March 10).
    const target = await shift({
      seats: 1,
      startsAt: '2030-03-09T16:00:00Z',
      endsAt: '2030-03-09T18:00:00Z',
    });
    const first = await volunteer();
    const second = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
    const confirmed = await reply(first.phone, `Claim #${target.code}!`);
    expect(confirmed.body).toBe(
      `You're confirmed for shift ${target.code}: greeter, Sat 3/9 10:00. Text DROP ${target.code} if you can't make it.`,
    );
    expect(confirmed).toMatchObject({ subjectType: 'shift', subjectId: target.id });
    const waitlisted = await reply(second.phone, `tomar ${target.code}`);
    expect(waitlisted).toMatchObject({ templateKey: 'shift_waitlisted', language: 'es' });
    expect(waitlisted.body).toBe(
      `El turno ${target.code} está lleno: eres el #1 en la lista de espera. Te avisamos si se abre un lugar.`,
    );
    const [sent] = await sentTo(second.phone);
    expect(sent.body).toBe(waitlisted.body);
  });

  it('CLAIM refuses an overlapping shift, naming the one held, and a shift that has started', async () => {
    const held = await shift({
      startsAt: hoursFromNow(96).toISOString(),
      endsAt: hoursFromNow(99).toISOString(),
    });
    const clash = await shift({
      startsAt: hoursFromNow(98).toISOString(),
      endsAt: hoursFromNow(100).toISOString(),
    });
    const person = await volunteer();
    await reply(person.phone, `CLAIM ${held.code}`);
    const overlap = await reply(person.phone, `CLAIM ${clash.code}`);
    expect(overlap.body).toContain(`overlaps your shift ${held.code}`);
    expect(await signupsOf(clash.id)).toHaveLength(0);

    const running = await shift();
    await dataSource.query(
      `UPDATE shifts SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '1 hour' WHERE id = $1`,
      [running.id],
    );
    const started = await reply(person.phone, `CLAIM ${running.code}`);
    expect(started.templateKey).toBe('shift_started');
    expect(started.body).toContain(`Shift ${running.code} has started`);
    expect(await signupsOf(running.id)).toHaveLength(0);
    expect((await reply(person.phone, 'CLAIM 0000')).templateKey).toBe('shift_unknown_code');
  });

  it('CLAIM without a code takes the only open shift that fits, or asks which', async () => {
    const west = await createZone(app, admin, 'WESTSIDE');
    const person = await volunteer({}, [west]);
    expect((await reply(person.phone, 'CLAIM')).templateKey).toBe('shifts_none');
    const only = await shift({ zoneId: west });
    expect((await reply(person.phone, 'claim')).templateKey).toBe('shift_confirmed');
    expect((await signupsOf(only.id)).map((signup) => signup.volunteerId)).toEqual([person.id]);
    const later = [
      await shift({
        zoneId: west,
        startsAt: hoursFromNow(200).toISOString(),
        endsAt: hoursFromNow(201).toISOString(),
      }),
      await shift({
        zoneId: west,
        startsAt: hoursFromNow(300).toISOString(),
        endsAt: hoursFromNow(301).toISOString(),
      }),
    ];
    const ask = await reply(person.phone, 'TOMAR');
    expect(ask.body).toBe(`Which shift? Text CLAIM with its code: ${later.map((s) => s.code).join(', ')}`);
  });

  it('DROP promotes the first on the waitlist and texts them; the drop is confirmed', async () => {
    const target = await shift({ seats: 1 });
    const holder = await volunteer();
    const next = await volunteer({ preferredLanguage: 'es', languages: ['es', 'en'] });
    await reply(holder.phone, `CLAIM ${target.code}`);
    await reply(next.phone, `CLAIM ${target.code}`);
    const dropped = await reply(holder.phone, `soltar ${target.code}`);
    expect(dropped.body).toBe(`You're off shift ${target.code}. Thanks for letting us know.`);
    const signups = await signupsOf(target.id);
    expect(signups.find((signup) => signup.volunteerId === next.id)?.status).toBe(SignupStatus.CONFIRMED);
    const promotions = await sentTo(next.phone, 2);
    expect(promotions[1].body).toMatch(
      new RegExp(`^Se abrió un lugar: estás confirmado en el turno ${target.code}: greeter, `),
    );
    const promotion = await dataSource
      .getRepository(Message)
      .findOneByOrFail({ phone: next.phone, templateKey: 'shift_promoted' });
    expect(promotion).toMatchObject({ volunteerId: next.id, subjectId: target.id, inReplyToId: null });
  });

  it('DROP within the cut-off is refused by SMS (for a coordinator to read); a coordinator may still drop', async () => {
    const soon = await shift({
      startsAt: hoursFromNow(2).toISOString(),
      endsAt: hoursFromNow(4).toISOString(),
    });
    const person = await volunteer();
    await reply(person.phone, `CLAIM ${soon.code}`);
    const refused = await reply(person.phone, 'DROP');
    expect(refused.templateKey).toBe('shift_drop_too_late');
    expect(refused.body).toContain('less than 3 h');
    expect(refused.body).toContain('text a coordinator');
    expect(refused.inbound.needsAttention).toBe(true);
    expect((await signupsOf(soon.id))[0].status).toBe(SignupStatus.CONFIRMED);
    const coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    const dropped = await app.graphql<{ dropShift: { status: string } }>(
      `mutation { dropShift(shiftId: "${soon.id}", volunteerId: "${person.id}") { status } }`,
      {},
      coordinator,
    );
    expect(dropped.data?.dropShift.status).toBe('DROPPED');
    expect((await reply(person.phone, `DROP ${soon.code}`)).templateKey).toBe('shift_not_yours');
  });

  it('DROP without a code asks which when there are several', async () => {
    const person = await volunteer();
    expect((await reply(person.phone, 'DROP')).templateKey).toBe('shift_none_held');
    const a = await shift({
      startsAt: hoursFromNow(400).toISOString(),
      endsAt: hoursFromNow(401).toISOString(),
    });
    const b = await shift({
      startsAt: hoursFromNow(402).toISOString(),
      endsAt: hoursFromNow(403).toISOString(),
    });
    await reply(person.phone, `CLAIM ${a.code}`);
    await reply(person.phone, `CLAIM ${b.code}`);
    expect((await reply(person.phone, 'drop')).body).toBe(
      `Which shift? Text DROP with its code: ${a.code}, ${b.code}`,
    );
  });

  describe('SHIFTS and MINE', () => {
    let east: string;
    beforeAll(async () => {
      east = await createZone(app, admin, 'EASTSIDE');
    });

    it('SHIFTS lists the five soonest open shifts that fit, with codes, in at most 3 segments', async () => {
      const person = await volunteer({ skills: [Skill.DRIVER], languages: ['en', 'es'] }, [east]);
      const at = (hours: number) => ({
        zoneId: east,
        startsAt: hoursFromNow(hours).toISOString(),
        endsAt: hoursFromNow(hours + 1).toISOString(),
      });
      const held = await shift({ ...at(10), role: 'hotline' });
      await reply(person.phone, `CLAIM ${held.code}`);
      // Not fitting: another zone, a skill or language the volunteer lacks, full, overlapping the held one.
      await shift({ ...at(20), zoneId: north });
      await shift({ ...at(21), requiredSkill: 'MEDIC' });
      await shift({ ...at(22), requiredLanguage: 'fr' });
      const full = await shift({ ...at(23), seats: 1 });
      await reply((await volunteer({}, [east])).phone, `CLAIM ${full.code}`);
      await shift({ ...at(10.5) });
      const fitting = [];
      for (const hours of [30, 31, 32, 33, 34, 35, 36]) {
        fitting.push(
          await shift({
            ...at(hours),
            role: hours === 31 ? 'driver' : 'watch',
            requiredSkill: hours === 31 ? 'DRIVER' : null,
            requiredLanguage: hours === 32 ? 'es' : null,
          }),
        );
      }
      const listed = await reply(person.phone, 'shifts');
      expect(listed.templateKey).toBe('shifts_open');
      expect(listed.body.startsWith('Open shifts:\n')).toBe(true);
      expect(listed.body.match(/\b\d{4}\b/g)).toEqual(fitting.slice(0, 5).map((s) => s.code));
      expect(listed.body).toMatch(/\n\d{4} (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{2}:\d{2} watch\n/);
      expect(countSegments(listed.body).segments).toBeLessThanOrEqual(3);

      await dataSource.getRepository(Volunteer).update(person.id, { preferredLanguage: 'es' });
      const spanish = await reply(person.phone, 'TURNOS');
      expect(spanish.language).toBe('es');
      expect(spanish.body).toMatch(/^Turnos abiertos:\n/);
      expect(spanish.body).toMatch(/\n\d{4} (lun|mar|mié|jue|vie|sáb|dom) \d{2}:\d{2} watch\n/);
      expect(spanish.body.endsWith('Escribe TOMAR y la clave.')).toBe(true);
      expect(countSegments(spanish.body).segments).toBeLessThanOrEqual(3);
    });

    it('SHIFTS with long roles lists fewer rather than go over 3 segments; none fitting says so', async () => {
      const longRoles = await createZone(app, admin, 'LONGROLES');
      const person = await volunteer({ preferredLanguage: 'es', languages: ['es'] }, [longRoles]);
      const role = 'acompañante de niños y niñas durante la sesión informativa'.slice(0, 60);
      for (const hours of [500, 501, 502, 503, 504]) {
        await shift({
          zoneId: longRoles,
          role,
          startsAt: hoursFromNow(hours).toISOString(),
          endsAt: hoursFromNow(hours + 0.5).toISOString(),
        });
      }
      const listed = await reply(person.phone, 'turnos');
      expect(countSegments(listed.body).segments).toBeLessThanOrEqual(3);
      expect(listed.body.split('\n').length - 2).toBeGreaterThan(0);
      expect(listed.body.split('\n').length - 2).toBeLessThan(5);
      const stranger = await volunteer({}, []);
      expect((await reply(stranger.phone, 'SHIFTS')).body).toBe(
        'No open shifts fit you right now. We will text you when there are.',
      );
    });

    it('MINE lists the upcoming shifts, confirmed and waitlisted; nothing says so', async () => {
      const person = await volunteer({}, [east]);
      expect((await reply(person.phone, 'MINE')).templateKey).toBe('mine_none');
      const one = await shift({
        zoneId: east,
        role: 'setup',
        startsAt: hoursFromNow(600).toISOString(),
        endsAt: hoursFromNow(601).toISOString(),
      });
      const full = await shift({
        zoneId: east,
        seats: 1,
        role: 'childcare',
        startsAt: hoursFromNow(610).toISOString(),
        endsAt: hoursFromNow(611).toISOString(),
      });
      await reply((await volunteer({}, [east])).phone, `CLAIM ${full.code}`);
      await reply(person.phone, `CLAIM ${one.code}`);
      await reply(person.phone, `CLAIM ${full.code}`);
      const mine = await reply(person.phone, 'mios');
      expect(mine.body).toMatch(
        new RegExp(
          `^Yours:\\nShift ${one.code} \\w{3} \\d+/\\d+ \\d{2}:\\d{2} setup\\nShift ${full.code} .* childcare \\(waitlist #1\\)$`,
        ),
      );
    });
  });

  it('CLAIM from a paused volunteer says so (not "does not fit"), for a coordinator to read', async () => {
    const target = await shift();
    const paused = await volunteer({ status: VolunteerStatus.PAUSED });
    const refused = await reply(paused.phone, `CLAIM ${target.code}`);
    expect(refused.templateKey).toBe('shift_claim_not_active');
    expect(refused.body).toContain('paused or inactive');
    expect(refused.inbound.needsAttention).toBe(true);
    expect(await signupsOf(target.id)).toHaveLength(0);
  });

  describe('no-shows', () => {
    const NO_SHOWS = `query NoShows($id: ID!) { volunteer(id: $id) { noShowCount } }`;
    /** A shift the volunteer claimed by SMS that then ended two hours ago, never checked in. */
    const missedShift = async (person: Volunteer) => {
      const missed = await shift();
      await reply(person.phone, `CLAIM ${missed.code}`);
      await dataSource.query(
        `UPDATE shifts SET starts_at = now() - interval '4 hours', ends_at = now() - interval '2 hours' WHERE id = $1`,
        [missed.id],
      );
      return missed;
    };

    it('the worker marks confirmed signups of ended shifts NO_SHOW, checked-in ones not, once', async () => {
      const [absent, present] = [await volunteer(), await volunteer()];
      const ended = await shift();
      await reply(absent.phone, `CLAIM ${ended.code}`);
      await reply(present.phone, `CLAIM ${ended.code}`);
      const checkedIn = await app.graphql(
        `mutation { checkIn(shiftId: "${ended.id}", volunteerId: "${present.id}") { status } }`,
        {},
        admin,
      );
      expect(checkedIn.errors).toBeUndefined();
      await dataSource.query(
        `UPDATE shifts SET starts_at = now() - interval '4 hours', ends_at = now() - interval '2 hours' WHERE id = $1`,
        [ended.id],
      );
      const marker = app.worker!.get(NoShowMarker);
      expect(await marker.markOnce()).toBeGreaterThanOrEqual(1);
      const statuses = Object.fromEntries(
        (await signupsOf(ended.id)).map((signup) => [signup.volunteerId, signup.status]),
      );
      expect(statuses).toEqual({ [absent.id]: SignupStatus.NO_SHOW, [present.id]: SignupStatus.ATTENDED });
      expect((await dataSource.getRepository(Shift).findOneByOrFail({ id: ended.id })).confirmedCount).toBe(
        1,
      );
      await marker.markOnce();
      expect((await dataSource.getRepository(Shift).findOneByOrFail({ id: ended.id })).confirmedCount).toBe(
        1,
      );
      const counts = await Promise.all(
        [absent, present].map((person) =>
          app.graphql<{ volunteer: { noShowCount: number } }>(NO_SHOWS, { id: person.id }, admin),
        ),
      );
      expect(counts.map((count) => count.data?.volunteer.noShowCount)).toEqual([1, 0]);
    });

    it('after NO_SHOW_LIMIT (2) no-shows a CLAIM by SMS is refused with the advice to contact a coordinator; claimShift still assigns', async () => {
      const person = await volunteer({ preferredLanguage: 'es', languages: ['es', 'en'] });
      await missedShift(person);
      await app.worker!.get(NoShowMarker).markOnce();
      // One no-show is below the limit (at a time apart from the next missed one, which it would overlap).
      const next = await shift({
        startsAt: hoursFromNow(200).toISOString(),
        endsAt: hoursFromNow(201).toISOString(),
      });
      expect((await reply(person.phone, `TOMAR ${next.code}`)).templateKey).toBe('shift_confirmed');
      await missedShift(person);
      await app.worker!.get(NoShowMarker).markOnce();

      const later = await shift({
        startsAt: hoursFromNow(120).toISOString(),
        endsAt: hoursFromNow(121).toISOString(),
      });
      const refused = await reply(person.phone, `TOMAR ${later.code}`);
      expect(refused.templateKey).toBe('shift_no_show_limit');
      expect(refused.body).toContain('Faltaste al menos a 2 turnos');
      expect(refused.body).toContain('Habla con un coordinador');
      expect(refused.inbound.needsAttention).toBe(true);
      expect(await signupsOf(later.id)).toHaveLength(0);

      const coordinator = await app.tokenFor(StaffRole.COORDINATOR);
      const assigned = await app.graphql<{ claimShift: { status: string } }>(
        `mutation { claimShift(shiftId: "${later.id}", volunteerId: "${person.id}") { status } }`,
        {},
        coordinator,
      );
      expect(assigned.data?.claimShift.status).toBe('CONFIRMED');
    });
  });

  describe('CAL and the calendar feed', () => {
    const CALENDAR_URL = `query Url($id: ID!) { volunteer(id: $id) { calendarUrl } }`;
    const pathOf = (url: string) => new URL(url).pathname;
    const feedEvents = async (path: string) => {
      const response = await app.http().get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/calendar/);
      const parsed = nodeIcal.sync.parseICS(response.text);
      return Object.values(parsed).filter((component) => component?.type === 'VEVENT') as nodeIcal.VEvent[];
    };

    it('CAL answers with the link, the same one each time, in English or Spanish', async () => {
      const person = await volunteer();
      const first = await reply(person.phone, 'CAL');
      expect(first.templateKey).toBe('shift_calendar_link');
      const url = /https:\/\/vecino\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(first.body)?.[0];
      expect(url).toBeDefined();
      expect(first.body).toContain('Add it to your calendar app');
      const spanish = await volunteer({ preferredLanguage: 'es', languages: ['es'] });
      const again = await reply(spanish.phone, 'calendario');
      expect(again.body).toMatch(/^Tu calendario de turnos: https:\/\/vecino\.test\/calendar\//);
      expect((await reply(person.phone, 'cal')).body).toContain(url);
      const shown = await app.graphql<{ volunteer: { calendarUrl: string } }>(
        CALENDAR_URL,
        { id: person.id },
        admin,
      );
      expect(shown.data?.volunteer.calendarUrl).toBe(url);
    });

    it('lists exactly the confirmed upcoming shifts, with an alarm per reminder and no personal data', async () => {
      const person = await volunteer({ name: 'Rosa Calendar Tester' });
      const [confirmed, waitlistedOn, droppedFrom] = [
        await shift({ role: 'hotline', startsAt: '2031-05-03T15:00:00Z', endsAt: '2031-05-03T17:00:00Z' }),
        await shift({ seats: 1, startsAt: '2031-05-04T15:00:00Z', endsAt: '2031-05-04T17:00:00Z' }),
        await shift({ startsAt: '2031-05-05T15:00:00Z', endsAt: '2031-05-05T17:00:00Z' }),
      ];
      await reply((await volunteer()).phone, `CLAIM ${waitlistedOn.code}`);
      await reply(person.phone, `CLAIM ${confirmed.code}`);
      await reply(person.phone, `CLAIM ${waitlistedOn.code}`);
      await reply(person.phone, `CLAIM ${droppedFrom.code}`);
      await reply(person.phone, `DROP ${droppedFrom.code}`);
      const link = /https:\S+\.ics/.exec((await reply(person.phone, 'CAL')).body)?.[0] as string;

      const response = await app.http().get(pathOf(link));
      expect(response.text).not.toContain('Rosa');
      expect(response.text).not.toContain(person.phone);
      const events = await feedEvents(pathOf(link));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        uid: `shift-${confirmed.id}@vecino`,
        summary: `hotline (shift ${confirmed.code})`,
        location: 'SOUTHSIDE side (SOUTHSIDE)',
      });
      expect(new Date(events[0].start).toISOString()).toBe('2031-05-03T15:00:00.000Z');
      expect(new Date(events[0].end as Date).toISOString()).toBe('2031-05-03T17:00:00.000Z');
      const alarms = (events[0] as unknown as { alarms: { action: string; trigger: string }[] }).alarms;
      expect(alarms.map((alarm) => [alarm.action, alarm.trigger])).toEqual([
        ['DISPLAY', '-P1D'],
        ['DISPLAY', '-PT2H'],
      ]);
    });

    it('revokeCalendarFeed makes the old link 404 at once, like any unknown token; the new one works', async () => {
      const person = await volunteer();
      const oldLink = /https:\S+\.ics/.exec((await reply(person.phone, 'CAL')).body)?.[0] as string;
      expect((await app.http().get(pathOf(oldLink))).status).toBe(200);
      const coordinator = await app.tokenFor(StaffRole.COORDINATOR);
      const revoked = await app.graphql<{ revokeCalendarFeed: { calendarUrl: string } }>(
        `mutation { revokeCalendarFeed(volunteerId: "${person.id}") { calendarUrl } }`,
        {},
        coordinator,
      );
      expect(revoked.errors).toBeUndefined();
      const newLink = revoked.data!.revokeCalendarFeed.calendarUrl;
      expect(newLink).not.toBe(oldLink);

      const gone = await app.http().get(pathOf(oldLink));
      const unknown = await app.http().get(`/calendar/${'A'.repeat(43)}.ics`);
      const malformed = await app.http().get('/calendar/not-a-token');
      for (const answer of [gone, unknown, malformed]) {
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual(gone.body);
      }
      expect(await feedEvents(pathOf(newLink))).toEqual([]);
      expect((await reply(person.phone, 'CAL')).body).toContain(newLink);

      const trainer = await app.tokenFor(StaffRole.TRAINER);
      const hidden = await app.graphql<{ volunteer: { calendarUrl: string | null } }>(
        CALENDAR_URL,
        { id: person.id },
        trainer,
      );
      expect(hidden.errors).toBeUndefined();
      expect(hidden.data?.volunteer.calendarUrl).toBeNull();
    });
  });
});
