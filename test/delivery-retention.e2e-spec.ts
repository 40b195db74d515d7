import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { DeliveryPiiRetention } from '../src/deliveries/delivery-pii-retention.js';
import { Message, MessageDirection, MessageStatus } from '../src/messaging/message.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

const DAY_MS = 86_400_000;
const ADDRESS = '1931 W Mitchell St, apt 2';
const READ = `query Read($id: ID!) {
  deliveryRequest(id: $id) { id code status householdSize closedAt piiPurgedAt address contactPhone notes history { to } }
}`;

interface Stored {
  address_ciphertext: string | null;
  contact_phone_ciphertext: string | null;
  notes_ciphertext: string | null;
  pii_purged_at: Date | null;
}

describe('delivery PII retention (worker job, real PostgreSQL, controllable clock)', () => {
  const clock = new TestClock();
  let app: TestApp;
  let db: DataSource;
  let retention: DeliveryPiiRetention;
  let coordinator: string;
  let zoneId: string;
  let volunteerId: string;

  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await app.graphql<T>(query, variables, coordinator);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const create = async (): Promise<string> =>
    (
      await ok<{ createDeliveryRequest: { id: string } }>(
        `mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id } }`,
        {
          input: {
            zoneId,
            householdAlias: 'Familia Mitchell',
            householdSize: 3,
            language: 'es',
            address: ADDRESS,
            contactPhone: '+14142863456',
            notes: 'Side door',
            deliverBy: new Date(clock.now().getTime() + 6 * 3600_000).toISOString(),
          },
        },
      )
    ).createDeliveryRequest.id;
  const deliver = async (id: string): Promise<void> => {
    await ok(`mutation($id: ID!, $v: ID!) { assignDelivery(requestId: $id, volunteerId: $v) { id } }`, {
      id,
      v: volunteerId,
    });
    await ok(`mutation($id: ID!) { updateDeliveryStatus(requestId: $id, status: DELIVERED) { id } }`, { id });
  };
  const cancel = (id: string) =>
    ok(`mutation($id: ID!) { cancelDeliveryRequest(id: $id, reason: "family moved") { id } }`, { id });
  const stored = async (id: string): Promise<Stored> =>
    (
      (await db.query(
        `SELECT address_ciphertext, contact_phone_ciphertext, notes_ciphertext, pii_purged_at
         FROM delivery_requests WHERE id = $1`,
        [id],
      )) as Stored[]
    )[0]!;
  /** The address text a volunteer was sent about a request (as the outbox links it). */
  const addressText = async (requestId: string): Promise<string> => {
    const inserted = await db.getRepository(Message).insert({
      direction: MessageDirection.OUTBOUND,
      volunteerId,
      phone: '+14142869001',
      body: `Delivery: ${ADDRESS}. Text PICKED when you have the groceries.`,
      status: MessageStatus.SENT,
      subjectType: 'delivery_request',
      subjectId: requestId,
    });
    return (inserted.identifiers[0] as { id: string }).id;
  };
  const bodyOf = async (messageId: string) =>
    (await db.getRepository(Message).findOneByOrFail({ id: messageId })).body;

  beforeAll(async () => {
    app = await startTestApp({
      worker: true,
      env: { PII_RETENTION_DAYS: '14' },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    db = app.api.get(DataSource);
    retention = (app.worker as NonNullable<TestApp['worker']>).get(DeliveryPiiRetention);
    const admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    zoneId = (
      (
        await app.graphql<{ createZone: { id: string } }>(
          `mutation { createZone(input: { code: "MITCHELL", name: "Mitchell" }) { id } }`,
          {},
          admin,
        )
      ).data as { createZone: { id: string } }
    ).createZone.id;
    volunteerId = (
      (
        await app.graphql<{ createVolunteer: { id: string } }>(
          `mutation($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
          { input: { name: 'Rita', phone: '+14142869001', zoneIds: [zoneId] } },
          admin,
        )
      ).data as { createVolunteer: { id: string } }
    ).createVolunteer.id;
  });
  afterAll(() => app?.close());

  it('wipes exactly the requests closed more than PII_RETENTION_DAYS ago, with their texts; counts and timings stay', async () => {
    const delivered = await create();
    const cancelled = await create();
    const open = await create();
    const closedLater = await create();
    await deliver(delivered);
    await cancel(cancelled);
    const texts = {
      delivered: await addressText(delivered),
      open: await addressText(open),
      closedLater: await addressText(closedLater),
    };
    // Nothing has passed the window yet.
    expect(await retention.purgeOnce()).toBe(0);

    clock.advance(14 * DAY_MS - 60_000);
    await deliver(closedLater);
    expect(await retention.purgeOnce()).toBe(0);
    clock.advance(2 * 60_000);
    const purgedAt = clock.now().getTime();
    expect(await retention.purgeOnce()).toBe(2);

    for (const id of [delivered, cancelled]) {
      const row = await stored(id);
      expect(row).toMatchObject({
        address_ciphertext: null,
        contact_phone_ciphertext: null,
        notes_ciphertext: null,
      });
      expect(row.pii_purged_at?.getTime()).toBeGreaterThanOrEqual(purgedAt);
    }
    for (const id of [open, closedLater]) {
      expect(await stored(id)).toMatchObject({ address_ciphertext: expect.any(String), pii_purged_at: null });
    }
    expect(await bodyOf(texts.delivered)).toBeNull();
    expect(await bodyOf(texts.open)).toContain(ADDRESS);
    expect(await bodyOf(texts.closedLater)).toContain(ADDRESS);

    // Read after the purge: nulls, the time of the wipe, status and history as they were, and no audit row.
    const read = await ok<{ deliveryRequest: Record<string, unknown> }>(READ, { id: delivered });
    expect(read.deliveryRequest).toMatchObject({
      status: 'DELIVERED',
      householdSize: 3,
      closedAt: expect.any(String),
      piiPurgedAt: expect.any(String),
      address: null,
      contactPhone: null,
      notes: null,
      history: [{ to: 'OPEN' }, { to: 'ASSIGNED' }, { to: 'DELIVERED' }],
    });
    expect(await db.query(`SELECT 1 FROM audit_entries WHERE subject_id = $1`, [delivered])).toEqual([]);

    // Idempotent; the request closed later goes when its own window ends; an open one never.
    expect(await retention.purgeOnce()).toBe(0);
    clock.advance(13 * DAY_MS);
    expect(await retention.purgeOnce()).toBe(0);
    clock.advance(DAY_MS + 60_000);
    expect(await retention.purgeOnce()).toBe(1);
    expect(await stored(closedLater)).toMatchObject({ address_ciphertext: null });
    expect(await bodyOf(texts.closedLater)).toBeNull();
    expect(await stored(open)).toMatchObject({ address_ciphertext: expect.any(String), pii_purged_at: null });
    expect(await bodyOf(texts.open)).toContain(ADDRESS);
  });
});
