import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Message } from '../src/messaging/message.entity.js';
import { Shift } from '../src/shifts/shift.entity.js';
import { Signup, SignupStatus } from '../src/shifts/signup.entity.js';
import { Skill, Volunteer, VolunteerStatus } from '../src/volunteers/volunteer.entity.js';
import { createZone, hoursFromNow, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait.js';

const SHIFT_FIELDS = `id code zone { id } role startsAt endsAt seats requiredSkill requiredLanguage confirmedCount waitlistCount`;
const CREATE = `mutation Create($input: CreateShiftInput!) { createShift(input: $input) { ${SHIFT_FIELDS} } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateShiftInput!) { updateShift(id: $id, input: $input) { ${SHIFT_FIELDS} } }`;
const GET = `query Get($id: ID!) { shift(id: $id) { ${SHIFT_FIELDS} } }`;
const LIST = `query List($filter: ShiftFilter, $first: Int, $after: String) {
  shifts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id code role } }
  }
}`;
const SIGNUP_FIELDS = 'id status waitlistPosition shift { id } volunteer { id }';
const CLAIM = `mutation Claim($shiftId: ID!, $volunteerId: ID!) { claimShift(shiftId: $shiftId, volunteerId: $volunteerId) { ${SIGNUP_FIELDS} } }`;
const DROP = `mutation Drop($shiftId: ID!, $volunteerId: ID!) { dropShift(shiftId: $shiftId, volunteerId: $volunteerId) { ${SIGNUP_FIELDS} } }`;
const CHECK_IN = `mutation CheckIn($shiftId: ID!, $volunteerId: ID!) { checkIn(shiftId: $shiftId, volunteerId: $volunteerId) { ${SIGNUP_FIELDS} } }`;

interface ShiftView {
  id: string;
  code: string;
  zone: { id: string };
  role: string;
  startsAt: string;
  endsAt: string;
  seats: number;
  requiredSkill: string | null;
  requiredLanguage: string | null;
  confirmedCount: number;
  waitlistCount: number;
}
interface SignupView {
  id: string;
  status: SignupStatus;
  waitlistPosition: number | null;
  shift: { id: string };
  volunteer: { id: string };
}

describe('shifts (GraphQL)', () => {
  let app: TestApp;
  let dataSource: DataSource;
  let admin: string;
  let southCoordinator: string;
  let trainer: string;
  let south: string;
  let north: string;
  let newVolunteer: ReturnType<typeof volunteerFactory>['volunteer'];

  beforeAll(async () => {
    app = await startTestApp();
    dataSource = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    south = await createZone(app, admin, 'SOUTHSIDE');
    north = await createZone(app, admin, 'NORTHSIDE');
    newVolunteer = volunteerFactory(dataSource, 287).volunteer;
    southCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south] });
    trainer = await app.tokenFor(StaffRole.TRAINER);
  });
  afterAll(() => app.close());

  const input = (fields: Record<string, unknown> = {}) => ({
    zoneId: south,
    role: 'greeter',
    startsAt: hoursFromNow(48).toISOString(),
    endsAt: hoursFromNow(50).toISOString(),
    seats: 2,
    ...fields,
  });
  const create = async (fields: Record<string, unknown> = {}, token = admin) => {
    const response = await app.graphql<{ createShift: ShiftView }>(CREATE, { input: input(fields) }, token);
    expect(response.errors).toBeUndefined();
    return response.data!.createShift;
  };
  const volunteer = (fields: Partial<Volunteer> = {}, zoneIds = [south]) => newVolunteer(fields, zoneIds);
  const signupCall = async (query: string, shiftId: string, volunteerId: string, token = admin) =>
    app.graphql<Record<string, SignupView>>(query, { shiftId, volunteerId }, token);
  const shiftCount = () => dataSource.getRepository(Shift).count();

  describe('createShift', () => {
    it('creates a shift with a 4-digit code, its zone, times in UTC and empty counts', async () => {
      const startsAt = '2030-03-07T10:00:00-06:00';
      const response = await app.graphql<{ createShift: ShiftView }>(
        CREATE,
        {
          input: input({
            startsAt,
            endsAt: '2030-03-07T12:30:00-06:00',
            seats: 12,
            role: '  interpreter ',
            requiredSkill: 'INTERPRETER',
            requiredLanguage: 'es',
          }),
        },
        admin,
      );
      expect(response.errors).toBeUndefined();
      const shift = response.data!.createShift;
      expect(shift).toMatchObject({
        zone: { id: south },
        role: 'interpreter',
        startsAt: '2030-03-07T16:00:00.000Z',
        endsAt: '2030-03-07T18:30:00.000Z',
        seats: 12,
        requiredSkill: 'INTERPRETER',
        requiredLanguage: 'es',
        confirmedCount: 0,
        waitlistCount: 0,
      });
      expect(shift.code).toMatch(/^[1-9]\d{3}$/);
      expect((await app.graphql<{ shift: ShiftView }>(GET, { id: shift.id }, trainer)).data?.shift).toEqual(
        shift,
      );
    });

    it('gives each shift that has not ended its own code', async () => {
      const codes = await Promise.all(Array.from({ length: 20 }, () => create()));
      expect(new Set(codes.map((shift) => shift.code)).size).toBe(20);
    });

    it.each([
      ['end before start', { endsAt: hoursFromNow(47).toISOString() }, 'endsAt'],
      ['end equal to start', { endsAt: hoursFromNow(48).toISOString() }, 'endsAt'],
      ['0 seats', { seats: 0 }, 'seats'],
      ['10,001 seats', { seats: 10_001 }, 'seats'],
      ['a start in the past', { startsAt: hoursFromNow(-1).toISOString() }, 'startsAt'],
      ['an unknown zone', { zoneId: '6f1c1b1e-0000-4000-8000-000000000000' }, 'zoneId'],
      ['a malformed zone id', { zoneId: 'south' }, 'zoneId'],
      ['a blank role', { role: '   ' }, 'role'],
      ['a role of 61 characters', { role: 'x'.repeat(61) }, 'role'],
      ['an unknown skill', { requiredSkill: 'JUGGLER' }, 'input.requiredSkill'],
      ['a malformed language', { requiredLanguage: 'Spanish' }, 'requiredLanguage'],
      ['a null seats', { seats: null }, 'input.seats'],
    ])(
      'refuses %s with BAD_USER_INPUT naming the field, and writes nothing',
      async (_case, fields, field) => {
        const before = await shiftCount();
        const response = await app.graphql(CREATE, { input: input(fields) }, admin);
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(await shiftCount()).toBe(before);
      },
    );

    it('10,000 seats is the most', async () => {
      expect((await create({ seats: 10_000 })).seats).toBe(10_000);
    });
  });

  describe('createShiftSeries', () => {
    const SERIES = `mutation Series($input: CreateShiftInput!, $weeks: Int!) {
      createShiftSeries(input: $input, weeks: $weeks) { id code startsAt endsAt seats }
    }`;

    it('creates weekly copies at the same local time across the March clock change, each with its own code', async () => {
      const response = await app.graphql<{ createShiftSeries: ShiftView[] }>(
        SERIES,
        {
          input: input({
            startsAt: '2030-03-02T10:00:00-06:00',
            endsAt: '2030-03-02T12:00:00-06:00',
            seats: 4,
          }),
          weeks: 3,
        },
        admin,
      );
      expect(response.errors).toBeUndefined();
      const series = response.data!.createShiftSeries;
      expect(series.map((shift) => [shift.startsAt, shift.endsAt, shift.seats])).toEqual([
        ['2030-03-02T16:00:00.000Z', '2030-03-02T18:00:00.000Z', 4],
        ['2030-03-09T16:00:00.000Z', '2030-03-09T18:00:00.000Z', 4],
        // Chicago is on CDT (UTC-5) from March 10: 10:00 local is 15:00 UTC.
        ['2030-03-16T15:00:00.000Z', '2030-03-16T17:00:00.000Z', 4],
      ]);
      expect(new Set(series.map((shift) => shift.code)).size).toBe(3);
    });

    it.each([
      [0, {}, 'weeks'],
      [53, {}, 'weeks'],
      [2, { endsAt: hoursFromNow(1).toISOString() }, 'endsAt'],
    ])('refuses %s weeks of %j naming the field, and writes nothing', async (weeks, fields, field) => {
      const before = await shiftCount();
      const response = await app.graphql(SERIES, { input: input(fields), weeks }, admin);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await shiftCount()).toBe(before);
    });
  });

  describe('updateShift', () => {
    it('changes only the fields given; null clears the requirements', async () => {
      const shift = await create({ requiredSkill: 'DRIVER', requiredLanguage: 'es', seats: 5 });
      const seatsOnly = await app.graphql<{ updateShift: ShiftView }>(
        UPDATE,
        { id: shift.id, input: { seats: 7 } },
        admin,
      );
      expect(seatsOnly.data?.updateShift).toEqual({ ...shift, seats: 7 });
      const cleared = await app.graphql<{ updateShift: ShiftView }>(
        UPDATE,
        { id: shift.id, input: { requiredSkill: null, requiredLanguage: null, role: 'driver' } },
        admin,
      );
      expect(cleared.data?.updateShift).toEqual({
        ...shift,
        seats: 7,
        requiredSkill: null,
        requiredLanguage: null,
        role: 'driver',
      });
    });

    it('refuses an end before the stored start, a past start, null role and seats below those checked in', async () => {
      const shift = await create({ seats: 2 });
      const [first, second] = await Promise.all([volunteer(), volunteer()]);
      await signupCall(CLAIM, shift.id, first.id);
      await signupCall(CLAIM, shift.id, second.id);
      await signupCall(CHECK_IN, shift.id, first.id);
      await signupCall(CHECK_IN, shift.id, second.id);
      for (const [fields, field] of [
        [{ endsAt: hoursFromNow(47).toISOString() }, 'endsAt'],
        [{ startsAt: hoursFromNow(-2).toISOString() }, 'startsAt'],
        [{ role: null }, 'role'],
        [{ seats: 1 }, 'seats'],
      ] as const) {
        const response = await app.graphql(UPDATE, { id: shift.id, input: fields }, admin);
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      expect((await app.graphql<{ shift: ShiftView }>(GET, { id: shift.id }, admin)).data?.shift).toEqual({
        ...shift,
        confirmedCount: 2,
      });
    });

    it('fewer seats move the latest confirmed to the top of the waitlist, and they are texted', async () => {
      const shift = await create({ seats: 3 });
      const people = await Promise.all([
        volunteer(),
        volunteer(),
        volunteer({ preferredLanguage: 'es' }),
        volunteer(),
      ]);
      for (const person of people) await signupCall(CLAIM, shift.id, person.id);
      const updated = await app.graphql<{ updateShift: ShiftView }>(
        UPDATE,
        { id: shift.id, input: { seats: 1 } },
        admin,
      );
      expect(updated.data?.updateShift).toMatchObject({ seats: 1, confirmedCount: 1, waitlistCount: 3 });
      const signups = await dataSource.getRepository(Signup).findBy({ shiftId: shift.id });
      const byVolunteer = (id: string) => signups.find((signup) => signup.volunteerId === id);
      expect(
        people.map((person) => [byVolunteer(person.id)?.status, byVolunteer(person.id)?.waitlistPosition]),
      ).toEqual([
        ['CONFIRMED', null],
        ['WAITLISTED', 1],
        ['WAITLISTED', 2],
        ['WAITLISTED', 3],
      ]);
      const texts = await dataSource
        .getRepository(Message)
        .findBy({ subjectId: shift.id, templateKey: 'shift_demoted' });
      expect(texts.map((text) => [text.volunteerId, text.language]).sort()).toEqual(
        [
          [people[1].id, 'en'],
          [people[2].id, 'es'],
        ].sort(),
      );
      expect(texts.find((text) => text.language === 'es')?.body).toContain(
        'eres el #2 en la lista de espera',
      );
    });

    it('more seats move the waitlist up, and the promoted are texted', async () => {
      const shift = await create({ seats: 1 });
      const [first, second, third] = await Promise.all([volunteer(), volunteer(), volunteer()]);
      for (const person of [first, second, third]) await signupCall(CLAIM, shift.id, person.id);
      const updated = await app.graphql<{ updateShift: ShiftView }>(
        UPDATE,
        { id: shift.id, input: { seats: 2 } },
        admin,
      );
      expect(updated.data?.updateShift).toMatchObject({ seats: 2, confirmedCount: 2, waitlistCount: 1 });
      const signups = await dataSource.getRepository(Signup).find({ where: { shiftId: shift.id } });
      const byVolunteer = new Map(signups.map((signup) => [signup.volunteerId, signup]));
      expect(byVolunteer.get(second.id)).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null });
      expect(byVolunteer.get(third.id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
      const texts = await dataSource.getRepository(Message).findBy({ templateKey: 'shift_promoted' });
      expect(texts.filter((text) => text.subjectId === shift.id).map((text) => text.volunteerId)).toEqual([
        second.id,
      ]);
    });

    it('refuses new times that would give someone on the shift two overlapping shifts, saying how many', async () => {
      const evening = await create({
        startsAt: hoursFromNow(80).toISOString(),
        endsAt: hoursFromNow(82).toISOString(),
      });
      const moving = await create({
        startsAt: hoursFromNow(76).toISOString(),
        endsAt: hoursFromNow(78).toISOString(),
      });
      const [both, onlyMoving] = [await volunteer(), await volunteer()];
      await signupCall(CLAIM, evening.id, both.id);
      await signupCall(CLAIM, moving.id, both.id);
      await signupCall(CLAIM, moving.id, onlyMoving.id);
      const refused = await app.graphql<{ updateShift: ShiftView }>(
        UPDATE,
        { id: moving.id, input: { endsAt: hoursFromNow(81).toISOString() } },
        admin,
      );
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(refused.errors?.[0].message).toContain(
        '1 volunteer on this shift would then hold another shift',
      );
      const unchanged = await app.graphql<{ shift: ShiftView }>(GET, { id: moving.id }, admin);
      expect(unchanged.data?.shift.endsAt).toBe(moving.endsAt);
      // Touching is no overlap; the move goes through, and both are told the new start.
      const moved = await app.graphql<{ updateShift: ShiftView }>(
        UPDATE,
        {
          id: moving.id,
          input: { startsAt: hoursFromNow(77).toISOString(), endsAt: hoursFromNow(80).toISOString() },
        },
        admin,
      );
      expect(moved.errors).toBeUndefined();
      const told = await dataSource
        .getRepository(Message)
        .findBy({ templateKey: 'shift_moved', subjectId: moving.id });
      expect(told.map((text) => text.volunteerId).sort()).toEqual([both.id, onlyMoving.id].sort());
    });
  });

  describe('shiftUpdated', () => {
    const UPDATED = `subscription { shiftUpdated { id confirmedCount waitlistCount zone { id } } }`;
    interface UpdatedShift {
      id: string;
      confirmedCount: number;
      waitlistCount: number;
      zone: { id: string };
    }

    it("delivers count changes live to a coordinator of the shift's zone, and not to another zone's", async () => {
      await app.api.listen(0, '127.0.0.1');
      const { port } = app.api.getHttpServer().address() as AddressInfo;
      const clientFor = (token: string) =>
        createClient({
          url: `ws://127.0.0.1:${port}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: `Bearer ${token}` },
          retryAttempts: 0,
        });
      const northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
      const [southClient, northClient] = [clientFor(southCoordinator), clientFor(northCoordinator)];
      const received = { south: [] as UpdatedShift[], north: [] as UpdatedShift[] };
      const listen = (client: ReturnType<typeof clientFor>, into: UpdatedShift[]) =>
        new Promise<void>((subscribed, failed) => {
          client.subscribe<{ shiftUpdated: UpdatedShift }>(
            { query: UPDATED },
            {
              next: (result) => into.push(result.data!.shiftUpdated),
              error: failed,
              complete: () => undefined,
            },
          );
          client.on('connected', () => subscribed());
        });
      try {
        await Promise.all([listen(southClient, received.south), listen(northClient, received.north)]);
        const southShift = await create({ seats: 1 });
        const northShift = await create({ zoneId: north, seats: 1 });
        // The server confirms a subscription to Redis before it runs it; poll with claims until one arrives.
        const [first, second] = [await volunteer(), await volunteer()];
        const marker = await volunteer({}, [north]);
        await waitFor(
          async () => {
            await signupCall(DROP, northShift.id, marker.id);
            await signupCall(CLAIM, northShift.id, marker.id);
            await signupCall(DROP, southShift.id, first.id);
            await signupCall(CLAIM, southShift.id, first.id);
            return received.south.length > 0 && received.north.length > 0;
          },
          (both) => both,
        );
        await signupCall(CLAIM, southShift.id, second.id);
        const last = await waitFor(
          () => received.south.at(-1),
          (event) => event?.waitlistCount === 1,
        );
        expect(last).toEqual({ id: southShift.id, confirmedCount: 1, waitlistCount: 1, zone: { id: south } });
        expect(received.south.every((event) => event.zone.id === south)).toBe(true);
        expect(received.north.length).toBeGreaterThan(0);
        expect(received.north.every((event) => event.id === northShift.id)).toBe(true);
      } finally {
        await Promise.all([southClient.dispose(), northClient.dispose()]);
      }
    });
  });

  describe('who sees what', () => {
    it('a zone-limited coordinator sees and changes only their zones; elsewhere is NOT_FOUND', async () => {
      const southShift = await create({ zoneId: south });
      const northShift = await create({ zoneId: north });
      expect((await app.graphql(GET, { id: southShift.id }, southCoordinator)).errors).toBeUndefined();
      for (const response of [
        await app.graphql(GET, { id: northShift.id }, southCoordinator),
        await app.graphql(UPDATE, { id: northShift.id, input: { seats: 9 } }, southCoordinator),
        await app.graphql(GET, { id: '6f1c1b1e-0000-4000-8000-000000000000' }, southCoordinator),
      ]) {
        expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      }
      const listed = await app.graphql<{ shifts: { edges: { node: { id: string } }[] } }>(
        LIST,
        { first: 100 },
        southCoordinator,
      );
      const ids = listed.data!.shifts.edges.map((edge) => edge.node.id);
      expect(ids).toContain(southShift.id);
      expect(ids).not.toContain(northShift.id);
      const before = await shiftCount();
      const outside = await app.graphql(CREATE, { input: input({ zoneId: north }) }, southCoordinator);
      expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zoneId' });
      expect(await shiftCount()).toBe(before);
      const northVolunteer = await volunteer({}, [north]);
      const assign = await signupCall(CLAIM, southShift.id, northVolunteer.id, southCoordinator);
      expect(assign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('a trainer reads shifts but may not create or assign', async () => {
      const shift = await create();
      expect((await app.graphql(GET, { id: shift.id }, trainer)).errors).toBeUndefined();
      expect((await app.graphql(CREATE, { input: input() }, trainer)).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      const person = await volunteer();
      expect((await signupCall(CLAIM, shift.id, person.id, trainer)).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
    });
  });

  describe('shifts(filter)', () => {
    it('filters by zone, role, open seats and start, soonest first, in pages', async () => {
      const day = (offset: number) => hoursFromNow(24 * 30 + offset);
      const early = await create({
        role: 'Watch',
        startsAt: day(1).toISOString(),
        endsAt: day(2).toISOString(),
      });
      const full = await create({
        role: 'watch',
        seats: 1,
        startsAt: day(3).toISOString(),
        endsAt: day(4).toISOString(),
      });
      await signupCall(CLAIM, full.id, (await volunteer()).id);
      const late = await create({
        role: 'WATCH',
        startsAt: day(5).toISOString(),
        endsAt: day(6).toISOString(),
      });
      await create({
        role: 'watch',
        zoneId: north,
        startsAt: day(1).toISOString(),
        endsAt: day(2).toISOString(),
      });
      const list = async (filter: Record<string, unknown>, first = 100, after?: string) => {
        const response = await app.graphql<{
          shifts: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string };
            edges: { node: { id: string } }[];
          };
        }>(LIST, { filter, first, after }, admin);
        expect(response.errors).toBeUndefined();
        return response.data!.shifts;
      };
      const zoneRole = { zoneId: south, role: 'watch' };
      expect((await list(zoneRole)).edges.map((edge) => edge.node.id)).toEqual([early.id, full.id, late.id]);
      expect((await list({ ...zoneRole, openOnly: true })).edges.map((edge) => edge.node.id)).toEqual([
        early.id,
        late.id,
      ]);
      expect(
        (await list({ ...zoneRole, from: day(3).toISOString(), to: day(5).toISOString() })).edges.map(
          (edge) => edge.node.id,
        ),
      ).toEqual([full.id]);
      const first = await list(zoneRole, 2);
      expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const second = await list(zoneRole, 2, first.pageInfo.endCursor);
      expect(second.edges.map((edge) => edge.node.id)).toEqual([late.id]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      ['from', { from: '-010000-01-01T00:00:00Z' }],
      ['to', { to: '-010000-01-01T00:00:00Z' }],
    ])(
      'refuses a %s before the year 2000 with BAD_USER_INPUT, not a database error',
      async (field, filter) => {
        const response = await app.graphql(LIST, { filter, first: 10 }, admin);
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      },
    );
  });

  describe('claimShift, dropShift, checkIn', () => {
    it('confirms up to the seats, then waitlists in order; a second claim is the same signup', async () => {
      const shift = await create({ seats: 1 });
      const [first, second, third] = await Promise.all([volunteer(), volunteer(), volunteer()]);
      const claimed = await signupCall(CLAIM, shift.id, first.id);
      expect(claimed.data?.claimShift).toMatchObject({
        status: 'CONFIRMED',
        waitlistPosition: null,
        shift: { id: shift.id },
        volunteer: { id: first.id },
      });
      expect((await signupCall(CLAIM, shift.id, second.id)).data?.claimShift).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 1,
      });
      expect((await signupCall(CLAIM, shift.id, third.id)).data?.claimShift).toMatchObject({
        status: 'WAITLISTED',
        waitlistPosition: 2,
      });
      const again = await signupCall(CLAIM, shift.id, first.id);
      expect(again.data?.claimShift.id).toBe(claimed.data?.claimShift.id);
      expect(await dataSource.getRepository(Signup).countBy({ shiftId: shift.id })).toBe(3);
    });

    it('a drop promotes the first on the waitlist, renumbers the rest, and texts the promoted', async () => {
      const shift = await create({ seats: 1 });
      const people = await Promise.all([volunteer(), volunteer({ preferredLanguage: 'es' }), volunteer()]);
      for (const person of people) await signupCall(CLAIM, shift.id, person.id);
      const dropped = await signupCall(DROP, shift.id, people[0].id);
      expect(dropped.data?.dropShift).toMatchObject({ status: 'DROPPED', waitlistPosition: null });
      const signups = await dataSource.getRepository(Signup).findBy({ shiftId: shift.id });
      const statusOf = (id: string) => signups.find((signup) => signup.volunteerId === id);
      expect(statusOf(people[1].id)).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null });
      expect(statusOf(people[2].id)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
      const [text] = await dataSource.getRepository(Message).findBy({ subjectId: shift.id });
      expect(text).toMatchObject({
        volunteerId: people[1].id,
        templateKey: 'shift_promoted',
        language: 'es',
        // Two days ahead: the text may wait out quiet hours.
        urgent: false,
      });
      expect(text.body).toContain(`turno ${shift.code}`);
      expect(
        (await app.graphql<{ shift: ShiftView }>(GET, { id: shift.id }, admin)).data?.shift,
      ).toMatchObject({
        confirmedCount: 1,
        waitlistCount: 1,
      });
    });

    it('a waitlisted drop closes the gap it leaves', async () => {
      const shift = await create({ seats: 1 });
      const people = await Promise.all([volunteer(), volunteer(), volunteer(), volunteer()]);
      for (const person of people) await signupCall(CLAIM, shift.id, person.id);
      await signupCall(DROP, shift.id, people[2].id);
      const waitlist = await dataSource.getRepository(Signup).find({
        where: { shiftId: shift.id, status: SignupStatus.WAITLISTED },
        order: { waitlistPosition: 'ASC' },
      });
      expect(waitlist.map((signup) => [signup.volunteerId, signup.waitlistPosition])).toEqual([
        [people[1].id, 1],
        [people[3].id, 2],
      ]);
    });

    it('a coordinator drops within the SMS cut-off too', async () => {
      const shift = await create({
        startsAt: hoursFromNow(1).toISOString(),
        endsAt: hoursFromNow(3).toISOString(),
      });
      const [person, waiting] = await Promise.all([volunteer(), volunteer()]);
      await signupCall(CLAIM, shift.id, person.id);
      await app.graphql(UPDATE, { id: shift.id, input: { seats: 1 } }, admin);
      await signupCall(CLAIM, shift.id, waiting.id);
      expect((await signupCall(DROP, shift.id, person.id, southCoordinator)).data?.dropShift.status).toBe(
        'DROPPED',
      );
      // The shift starts within 3 hours: the promoted hear at once, whatever the hour.
      const [promotion] = await dataSource.getRepository(Message).findBy({ subjectId: shift.id });
      expect(promotion).toMatchObject({
        volunteerId: waiting.id,
        templateKey: 'shift_promoted',
        urgent: true,
      });
      const notOn = await signupCall(DROP, shift.id, person.id);
      expect(notOn.errors?.[0].extensions?.code).toBe('CONFLICT');
    });

    it('refuses an overlapping claim, naming the other shift', async () => {
      const morning = await create({
        startsAt: hoursFromNow(72).toISOString(),
        endsAt: hoursFromNow(75).toISOString(),
      });
      const overlapping = await create({
        startsAt: hoursFromNow(74).toISOString(),
        endsAt: hoursFromNow(76).toISOString(),
      });
      const touching = await create({
        startsAt: hoursFromNow(75).toISOString(),
        endsAt: hoursFromNow(77).toISOString(),
      });
      const person = await volunteer();
      await signupCall(CLAIM, morning.id, person.id);
      const refused = await signupCall(CLAIM, overlapping.id, person.id);
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(refused.errors?.[0].message).toContain(morning.code);
      expect((await signupCall(CLAIM, touching.id, person.id)).data?.claimShift.status).toBe('CONFIRMED');
    });

    it('assigns a volunteer whatever the fit, but not an inactive one', async () => {
      const shift = await create({ requiredSkill: Skill.MEDIC, requiredLanguage: 'es' });
      const unfit = await volunteer({}, [north]);
      expect((await signupCall(CLAIM, shift.id, unfit.id)).data?.claimShift.status).toBe('CONFIRMED');
      const inactive = await volunteer({ status: VolunteerStatus.INACTIVE });
      expect((await signupCall(CLAIM, shift.id, inactive.id)).errors?.[0].extensions?.code).toBe('CONFLICT');
    });

    it('checks in a confirmed volunteer once; a waitlisted one cannot be', async () => {
      const shift = await create({ seats: 1 });
      const [confirmed, waitlisted] = await Promise.all([volunteer(), volunteer()]);
      await signupCall(CLAIM, shift.id, confirmed.id);
      await signupCall(CLAIM, shift.id, waitlisted.id);
      const checkedIn = await signupCall(CHECK_IN, shift.id, confirmed.id);
      expect(checkedIn.data?.checkIn).toMatchObject({ status: 'ATTENDED', volunteer: { id: confirmed.id } });
      expect((await signupCall(CHECK_IN, shift.id, confirmed.id)).data?.checkIn.id).toBe(
        checkedIn.data?.checkIn.id,
      );
      expect((await signupCall(CHECK_IN, shift.id, waitlisted.id)).errors?.[0].extensions?.code).toBe(
        'CONFLICT',
      );
      expect((await signupCall(DROP, shift.id, confirmed.id)).errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(
        (await app.graphql<{ shift: ShiftView }>(GET, { id: shift.id }, admin)).data?.shift,
      ).toMatchObject({
        confirmedCount: 1,
        waitlistCount: 1,
      });
    });
  });

  describe('the database', () => {
    it('refuses more confirmed than seats, and a second live signup of one volunteer', async () => {
      const shift = await create({ seats: 1 });
      await expect(
        dataSource.query(`UPDATE shifts SET confirmed_count = 2 WHERE id = $1`, [shift.id]),
      ).rejects.toMatchObject({ driverError: { constraint: 'CHK_shifts_confirmed_within_seats' } });
      const person = await volunteer();
      await signupCall(CLAIM, shift.id, person.id);
      await expect(
        dataSource.query(
          `INSERT INTO signups (shift_id, volunteer_id, status) VALUES ($1, $2, 'CONFIRMED')`,
          [shift.id, person.id],
        ),
      ).rejects.toMatchObject({ driverError: { constraint: 'UQ_signups_shift_volunteer_active' } });
    });

    it('refuses a code held by a shift that has not released it', async () => {
      const shift = await create();
      await expect(
        dataSource.query(
          `INSERT INTO shifts (code, zone_id, role, starts_at, ends_at, seats)
           VALUES ($1, $2, 'x', now() + interval '1 day', now() + interval '2 days', 1)`,
          [shift.code, south],
        ),
      ).rejects.toMatchObject({ driverError: { constraint: 'UQ_shifts_code_in_use' } });
    });
  });

  // Last: it fills the code space (and empties it again when done).
  describe('when every code is held', () => {
    it('refuses createShift with CONFLICT, writing nothing; a shift that has ended gives its code to the next', async () => {
      // Codes of shifts already ended are released first, as an allocation would, so that none is left free.
      await dataSource.query(
        `UPDATE shifts SET code_released = true WHERE ends_at <= now() AND NOT code_released`,
      );
      await dataSource.query(
        `INSERT INTO shifts (code, zone_id, role, starts_at, ends_at, seats)
         SELECT c::text, $1, 'filler', now() + interval '1 day', now() + interval '2 days', 1
           FROM generate_series(1000, 9999) AS c
          WHERE NOT EXISTS (SELECT 1 FROM shifts WHERE code = c::text AND NOT code_released)`,
        [south],
      );
      const [{ held }] = (await dataSource.query(
        `SELECT count(DISTINCT code)::int AS held FROM shifts WHERE NOT code_released`,
      )) as { held: number }[];
      expect(held).toBe(9000);
      try {
        const before = await shiftCount();
        const refused = await app.graphql(CREATE, { input: input() }, admin);
        expect(refused.data ?? null).toBeNull();
        expect(refused.errors?.[0]).toMatchObject({
          message: expect.stringMatching(/^No free shift code/),
          extensions: { code: 'CONFLICT' },
        });
        expect(await shiftCount()).toBe(before);

        // TypeORM answers an UPDATE … RETURNING on pg with [rows, affected].
        const [[{ code }]] = (await dataSource.query(
          `UPDATE shifts SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
            WHERE id = (SELECT id FROM shifts WHERE role = 'filler' ORDER BY random() LIMIT 1)
          RETURNING code`,
        )) as [{ code: string }[], number];
        expect((await create()).code).toBe(code);
        const ended = (await dataSource.query(
          `SELECT code_released FROM shifts WHERE code = $1 AND role = 'filler'`,
          [code],
        )) as { code_released: boolean }[];
        expect(ended).toEqual([{ code_released: true }]);
      } finally {
        await dataSource.query(`DELETE FROM shifts WHERE role = 'filler'`);
      }
    }, 60_000);
  });
});
