import { StaffRole } from '../src/auth/staff-user.entity.js';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock.js';
import { DeliveryOffer, OfferStatus } from '../src/deliveries/delivery-offer.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const MINUTE = 60_000;
const STATS = `query Stats($from: DateTime!, $to: DateTime!, $zoneId: ID) {
  deliveryStats(from: $from, to: $to, zoneId: $zoneId) {
    zone { code } requests byStatus { status count }
    medianMinutesToAssignment p90MinutesToAssignment medianMinutesToDelivery p90MinutesToDelivery overdue
    declined expired
  }
}`;

interface ZoneStats {
  zone: { code: string };
  requests: number;
  byStatus: { status: string; count: number }[];
  medianMinutesToAssignment: number | null;
  p90MinutesToAssignment: number | null;
  medianMinutesToDelivery: number | null;
  p90MinutesToDelivery: number | null;
  overdue: number;
  declined: number;
  expired: number;
}

describe('deliveryStats', () => {
  const clock = new TestClock();
  let app: TestApp;
  let admin: string;
  let coordinator: string;
  const zones: Record<string, string> = {};
  const volunteers: Record<string, string> = {};

  const ok = async <T>(
    query: string,
    variables: Record<string, unknown>,
    token = coordinator,
  ): Promise<T> => {
    const response = await app.graphql<T>(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const create = async (zone: string, deliverInMinutes = 600): Promise<string> =>
    (
      await ok<{ createDeliveryRequest: { id: string } }>(
        `mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id } }`,
        {
          input: {
            zoneId: zones[zone],
            householdAlias: 'Familia',
            householdSize: 2,
            language: 'es',
            address: '1 Main St',
            deliverBy: new Date(clock.now().getTime() + deliverInMinutes * MINUTE).toISOString(),
          },
        },
      )
    ).createDeliveryRequest.id;
  const assign = (id: string, zone: string) =>
    ok(`mutation($id: ID!, $v: ID!) { assignDelivery(requestId: $id, volunteerId: $v) { id } }`, {
      id,
      v: volunteers[zone],
    });
  const deliver = (id: string) =>
    ok(`mutation($id: ID!) { updateDeliveryStatus(requestId: $id, status: DELIVERED) { id } }`, { id });
  const cancel = (id: string) =>
    ok(`mutation($id: ID!) { cancelDeliveryRequest(id: $id, reason: "no longer needed") { id } }`, { id });
  /** An offer answered (or run out) at `respondedAt`; the SMS flows that get there are covered in delivery-offers. */
  const answeredOffer = (requestId: string, zone: string, status: OfferStatus, respondedAt: Date) =>
    app.api
      .get(DataSource)
      .getRepository(DeliveryOffer)
      .insert({ requestId, volunteerId: volunteers[zone]!, status, expiresAt: respondedAt, respondedAt });
  const counts = (stats: ZoneStats) =>
    Object.fromEntries(
      stats.byStatus.filter(({ count }) => count > 0).map(({ status, count }) => [status, count]),
    );

  beforeAll(async () => {
    app = await startTestApp({ override: (builder) => builder.overrideProvider(Clock).useValue(clock) });
    admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    for (const [index, code] of ['EASTSIDE', 'WESTSIDE', 'QUIETSIDE'].entries()) {
      zones[code] = (
        await ok<{ createZone: { id: string } }>(
          `mutation { createZone(input: { code: "${code}", name: "${code}" }) { id } }`,
          {},
          admin,
        )
      ).createZone.id;
      volunteers[code] = (
        await ok<{ createVolunteer: { id: string } }>(
          `mutation($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
          { input: { name: `Volunteer ${code}`, phone: `+1414286700${index}`, zoneIds: [zones[code]] } },
          admin,
        )
      ).createVolunteer.id;
    }
  });
  afterAll(() => app?.close());

  it('counts each zone’s requests of the window by status, with percentiles of their timings and the overdue', async () => {
    const before = clock.now();
    const fast = await create('EASTSIDE');
    const slow = await create('EASTSIDE');
    const dropped = await create('EASTSIDE');
    await create('EASTSIDE', 60); // overdue by the end
    const west = await create('WESTSIDE');
    clock.advance(10 * MINUTE);
    await assign(fast, 'EASTSIDE');
    clock.advance(10 * MINUTE);
    await assign(west, 'WESTSIDE');
    clock.advance(10 * MINUTE);
    await assign(slow, 'EASTSIDE');
    await cancel(dropped);
    clock.advance(40 * MINUTE);
    await deliver(fast);
    await answeredOffer(slow, 'EASTSIDE', OfferStatus.DECLINED, clock.now());
    await answeredOffer(slow, 'EASTSIDE', OfferStatus.EXPIRED, clock.now());
    await answeredOffer(dropped, 'EASTSIDE', OfferStatus.EXPIRED, clock.now());
    await answeredOffer(west, 'WESTSIDE', OfferStatus.DECLINED, clock.now());
    // Neither a decline nor an expiry.
    await answeredOffer(fast, 'EASTSIDE', OfferStatus.ACCEPTED, clock.now());
    await answeredOffer(west, 'WESTSIDE', OfferStatus.WITHDRAWN, clock.now());
    // Past the fourth's deliver-by (60 minutes after intake), still open.
    const after = clock.now();
    // Taken after the window: not counted; nor a decline after it, of a request taken within it.
    await create('EASTSIDE');
    await answeredOffer(slow, 'EASTSIDE', OfferStatus.DECLINED, new Date(after.getTime() + MINUTE));

    const { deliveryStats } = await ok<{ deliveryStats: ZoneStats[] }>(STATS, {
      from: before.toISOString(),
      to: after.toISOString(),
    });
    expect(deliveryStats.map((stats) => stats.zone.code)).toEqual(['EASTSIDE', 'QUIETSIDE', 'WESTSIDE']);
    const [east, quiet, westStats] = deliveryStats as [ZoneStats, ZoneStats, ZoneStats];
    expect(east.requests).toBe(4);
    expect(counts(east)).toEqual({ DELIVERED: 1, ASSIGNED: 1, CANCELLED: 1, OPEN: 1 });
    expect(east.byStatus).toHaveLength(6);
    // Assigned after 10 and 30 minutes: median 20, 90th percentile 10 + 0.9 × 20 = 28. Delivered after 70.
    expect(east.medianMinutesToAssignment).toBeCloseTo(20, 0);
    expect(east.p90MinutesToAssignment).toBeCloseTo(28, 0);
    expect(east.medianMinutesToDelivery).toBeCloseTo(70, 0);
    expect(east.p90MinutesToDelivery).toBeCloseTo(70, 0);
    expect(east.overdue).toBe(1);
    expect(east).toMatchObject({ declined: 1, expired: 2 });
    expect(westStats).toMatchObject({
      requests: 1,
      medianMinutesToDelivery: null,
      overdue: 0,
      declined: 1,
      expired: 0,
    });
    expect(westStats.medianMinutesToAssignment).toBeCloseTo(20, 0);
    expect(quiet).toMatchObject({
      requests: 0,
      medianMinutesToAssignment: null,
      p90MinutesToDelivery: null,
      overdue: 0,
      declined: 0,
      expired: 0,
    });
    expect(counts(quiet)).toEqual({});
  });

  it('keeps to the zones of a zone-limited coordinator, and refuses what is outside them or out of order', async () => {
    const from = new Date(clock.now().getTime() - 24 * 60 * MINUTE).toISOString();
    const to = new Date(clock.now().getTime() + MINUTE).toISOString();
    const westOnly = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [zones.WESTSIDE!] });
    const mine = await ok<{ deliveryStats: ZoneStats[] }>(STATS, { from, to }, westOnly);
    expect(mine.deliveryStats.map((stats) => stats.zone.code)).toEqual(['WESTSIDE']);
    const one = await ok<{ deliveryStats: ZoneStats[] }>(STATS, { from, to, zoneId: zones.EASTSIDE });
    expect(one.deliveryStats.map((stats) => stats.zone.code)).toEqual(['EASTSIDE']);

    const outside = await app.graphql(STATS, { from, to, zoneId: zones.EASTSIDE }, westOnly);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zoneId' });
    const backwards = await app.graphql(STATS, { from: to, to: from }, coordinator);
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const trainer = await app.graphql(STATS, { from, to }, await app.tokenFor(StaffRole.TRAINER));
    expect(trainer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
