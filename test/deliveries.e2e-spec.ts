import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { getRepositoryToken } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Clock } from '../src/common/clock.js';
import { DeliveryTransition } from '../src/deliveries/delivery-transition.entity.js';
import { PROTECTED_BODY_MARKER } from '../src/messaging/message.entity.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';
import { captureLogs } from './support/log-capture.js';
import { TestClock } from './support/test-clock.js';

const FIELDS = `id code status urgency householdAlias householdSize language needs deliverAfter deliverBy piiPurgedAt
  zone { id } assignedVolunteer { id } createdBy { id }
  address contactPhone notes
  history { from to reason at actor { kind id } }`;
const CREATE = `mutation Create($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { ${FIELDS} } }`;
const CREATE_PLAIN = `mutation Create($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id code } }`;
const GET = `query Get($id: ID!) { deliveryRequest(id: $id) { ${FIELDS} } }`;
const UPDATE = `mutation Update($id: ID!, $input: UpdateDeliveryRequestInput!) {
  updateDeliveryRequest(id: $id, input: $input) { ${FIELDS} }
}`;
const SET_STATUS = `mutation Status($id: ID!, $status: DeliveryStatus!) {
  updateDeliveryStatus(requestId: $id, status: $status) { ${FIELDS} }
}`;
const CANCEL = `mutation Cancel($id: ID!, $reason: String!) { cancelDeliveryRequest(id: $id, reason: $reason) { ${FIELDS} } }`;
const ASSIGN = `mutation Assign($id: ID!, $volunteerId: ID!) {
  assignDelivery(requestId: $id, volunteerId: $volunteerId) { ${FIELDS} }
}`;
const LIST_PLAIN = `query List($filter: DeliveryRequestFilter, $first: Int, $after: String) {
  deliveryRequests(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id code status } }
  }
}`;
const LIST_WITH_ADDRESS = `query { deliveryRequests(first: 100) { edges { node { id address } } } }`;

const ADDRESS = '2215 S 5th St, apt 3';
const FAMILY_PHONE = '(414) 286-3456';
const FAMILY_PHONE_E164 = '+14142863456';
const NOTES = 'Ring twice; the dog is friendly';

interface Request {
  id: string;
  code: number;
  status: string;
  urgency: string;
  householdAlias: string;
  householdSize: number;
  needs: string | null;
  deliverBy: string;
  zone: { id: string };
  assignedVolunteer: { id: string } | null;
  createdBy: { id: string };
  address: string | null;
  contactPhone: string | null;
  notes: string | null;
  history: {
    from: string | null;
    to: string;
    reason: string | null;
    actor: { kind: string; id: string | null };
  }[];
}

const HOUR = 3600_000;

describe('delivery requests', () => {
  const clock = new TestClock();
  const logs = captureLogs();
  let app: TestApp;
  let db: DataSource;
  let admin: string;
  let coordinator: string;
  let coordinatorId: string;
  let southCoordinator: string;
  let northCoordinator: string;
  let trainer: string;
  let south: string;
  let north: string;
  let southVolunteer: string;
  let pausedSouthVolunteer: string;
  let northVolunteer: string;

  const ok = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const response = await app.graphql<T>(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const inFuture = (hours: number) => new Date(clock.now().getTime() + hours * HOUR).toISOString();
  const input = (overrides: Record<string, unknown> = {}) => ({
    zoneId: south,
    householdAlias: 'Familia del parque',
    householdSize: 4,
    language: 'es',
    address: ADDRESS,
    contactPhone: FAMILY_PHONE,
    notes: NOTES,
    needs: 'rice, beans, no pork',
    deliverBy: inFuture(6),
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}, token = coordinator): Promise<Request> =>
    (await ok<{ createDeliveryRequest: Request }>(CREATE, { input: input(overrides) }, token))
      .createDeliveryRequest;
  /** Creates without reading the protected fields back, so no audit row is written. */
  const createUnread = async (
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; code: number }> =>
    (
      await ok<{ createDeliveryRequest: { id: string; code: number } }>(
        CREATE_PLAIN,
        { input: input(overrides) },
        coordinator,
      )
    ).createDeliveryRequest;
  const counts = async () => {
    const [row] = (await db.query(
      `SELECT (SELECT count(*) FROM delivery_requests)::int AS requests,
              (SELECT count(*) FROM delivery_transitions)::int AS transitions,
              (SELECT count(*) FROM audit_entries)::int AS audits`,
    )) as { requests: number; transitions: number; audits: number }[];
    return row!;
  };
  const fieldErrorOf = (response: GraphQLResponse) => ({
    code: response.errors?.[0]?.extensions?.code,
    field: response.errors?.[0]?.extensions?.field,
  });

  beforeAll(async () => {
    app = await startTestApp({
      override: (builder) => logs.override(builder.overrideProvider(Clock).useValue(clock)),
    });
    db = app.api.get(DataSource);
    admin = await app.tokenFor(StaffRole.ADMIN);
    const zone = async (code: string) =>
      (
        await ok<{ createZone: { id: string } }>(
          `mutation { createZone(input: { code: "${code}", name: "${code}" }) { id } }`,
          {},
          admin,
        )
      ).createZone.id;
    south = await zone('SOUTHSIDE');
    north = await zone('NORTHSIDE');
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    coordinatorId = (await ok<{ me: { id: string } }>('{ me { id } }', {}, coordinator)).me.id;
    southCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south] });
    northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
    trainer = await app.tokenFor(StaffRole.TRAINER);
    const volunteer = async (phone: string, zoneId: string, status = 'ACTIVE') =>
      (
        await ok<{ createVolunteer: { id: string } }>(
          `mutation($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
          { input: { name: `Volunteer ${phone}`, phone, zoneIds: [zoneId], status } },
          admin,
        )
      ).createVolunteer.id;
    southVolunteer = await volunteer('+14142861001', south);
    pausedSouthVolunteer = await volunteer('+14142861002', south, 'PAUSED');
    northVolunteer = await volunteer('+14142861003', north);
  });
  afterAll(() => app.close());
  afterEach(() => clock.reset());

  it('creates an OPEN request with a short code, protected fields readable, history starting with the creation', async () => {
    const created = await create({ urgency: 'HIGH' });
    expect(created).toMatchObject({
      status: 'OPEN',
      urgency: 'HIGH',
      householdAlias: 'Familia del parque',
      householdSize: 4,
      zone: { id: south },
      assignedVolunteer: null,
      createdBy: { id: coordinatorId },
      address: ADDRESS,
      contactPhone: FAMILY_PHONE_E164,
      notes: NOTES,
      piiPurgedAt: null,
    });
    expect(created.code).toBeGreaterThanOrEqual(100);
    expect(created.code).toBeLessThanOrEqual(9999);
    expect(created.history).toEqual([
      {
        from: null,
        to: 'OPEN',
        reason: null,
        at: expect.any(String),
        actor: { kind: 'STAFF', id: coordinatorId },
      },
    ]);
    expect((await create()).urgency).toBe('NORMAL');
  });

  it('stores address, phone and notes only as ciphertext naming the key', async () => {
    const { id } = await create();
    const [row] = (await db.query(
      `SELECT address_ciphertext, contact_phone_ciphertext, notes_ciphertext FROM delivery_requests WHERE id = $1`,
      [id],
    )) as Record<string, string>[];
    for (const value of Object.values(row!)) expect(value).toMatch(/^v1:k1:/);
    expect(JSON.stringify(row)).not.toContain('5th');
    expect(JSON.stringify(row)).not.toContain('3456');
  });

  const longNote = 'n'.repeat(10_000);
  it.each([
    ['an unknown zone', { zoneId: '6f1c1c4e-0000-4000-8000-000000000000' }, 'zoneId'],
    ['household size 0', { householdSize: 0 }, 'householdSize'],
    ['household size 200', { householdSize: 200 }, 'householdSize'],
    ['a deliver-by in the past', { deliverBy: new Date(Date.now() - HOUR).toISOString() }, 'deliverBy'],
    [
      'a deliver-after after deliver-by',
      { deliverAfter: new Date(Date.now() + 9 * HOUR).toISOString() },
      'deliverAfter',
    ],
    ['a deliver-by before the year 2000', { deliverBy: '1999-12-31T00:00:00Z' }, 'deliverBy'],
    ['a 10,000-character note', { notes: longNote }, 'notes'],
    ['a 10,000-character need', { needs: longNote }, 'needs'],
    ['a 201-character address', { address: 'a'.repeat(201) }, 'address'],
    ['a blank address', { address: '   ' }, 'address'],
    ['a NUL in the alias', { householdAlias: 'Familia\u0000' }, 'householdAlias'],
    ['an invalid contact phone', { contactPhone: '12' }, 'contactPhone'],
    ['a language that is no code', { language: 'Spanish' }, 'language'],
    // GraphQL itself refuses null for a field with a default, and names it by its path.
    ['a null urgency', { urgency: null }, 'input.urgency'],
  ])('refuses %s as BAD_USER_INPUT on the field, writing nothing', async (_case, overrides, field) => {
    const before = await counts();
    const response = await app.graphql(CREATE, { input: input(overrides) }, coordinator);
    expect(fieldErrorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await counts()).toEqual(before);
  });

  it('updates only the fields given; nullable ones clear with null, the others refuse it', async () => {
    const { id } = await create({ urgency: 'HIGH' });
    const updated = (
      await ok<{ updateDeliveryRequest: Request }>(
        UPDATE,
        { id, input: { householdSize: 6, notes: null, address: '10 N Water St' } },
        coordinator,
      )
    ).updateDeliveryRequest;
    expect(updated).toMatchObject({
      householdSize: 6,
      urgency: 'HIGH',
      householdAlias: 'Familia del parque',
      needs: 'rice, beans, no pork',
      contactPhone: FAMILY_PHONE_E164,
      notes: null,
      address: '10 N Water St',
    });
    const refused = await app.graphql(UPDATE, { id, input: { householdAlias: null } }, coordinator);
    expect(fieldErrorOf(refused)).toEqual({ code: 'BAD_USER_INPUT', field: 'householdAlias' });
    const past = await app.graphql(
      UPDATE,
      { id, input: { deliverBy: new Date(Date.now() - HOUR).toISOString() } },
      coordinator,
    );
    expect(fieldErrorOf(past)).toEqual({ code: 'BAD_USER_INPUT', field: 'deliverBy' });
  });

  it('walks OPEN → ASSIGNED → PICKED_UP → DELIVERED, recording each move, and then stays closed', async () => {
    const { id } = await create();
    const assigned = (
      await ok<{ assignDelivery: Request }>(ASSIGN, { id, volunteerId: southVolunteer }, coordinator)
    ).assignDelivery;
    expect(assigned).toMatchObject({ status: 'ASSIGNED', assignedVolunteer: { id: southVolunteer } });
    await ok(SET_STATUS, { id, status: 'PICKED_UP' }, coordinator);
    const delivered = (
      await ok<{ updateDeliveryStatus: Request }>(SET_STATUS, { id, status: 'DELIVERED' }, coordinator)
    ).updateDeliveryStatus;
    expect(delivered.history.map(({ from, to, actor }) => [from, to, actor.kind, actor.id])).toEqual([
      [null, 'OPEN', 'STAFF', coordinatorId],
      ['OPEN', 'ASSIGNED', 'STAFF', coordinatorId],
      ['ASSIGNED', 'PICKED_UP', 'STAFF', coordinatorId],
      ['PICKED_UP', 'DELIVERED', 'STAFF', coordinatorId],
    ]);
    const before = await counts();
    for (const attempt of [
      app.graphql(CANCEL, { id, reason: 'too late' }, coordinator),
      app.graphql(UPDATE, { id, input: { householdSize: 2 } }, coordinator),
    ]) {
      expect(fieldErrorOf(await attempt)).toEqual({ code: 'BAD_USER_INPUT', field: 'status' });
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses an illegal transition as BAD_USER_INPUT on status, changing nothing', async () => {
    const { id } = await create();
    const before = await counts();
    for (const status of ['PICKED_UP', 'OFFERED', 'OPEN', 'CANCELLED']) {
      expect(fieldErrorOf(await app.graphql(SET_STATUS, { id, status }, coordinator))).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'status',
      });
    }
    expect(await counts()).toEqual(before);
    expect((await ok<{ deliveryRequest: Request }>(GET, { id }, coordinator)).deliveryRequest.status).toBe(
      'OPEN',
    );
  });

  it('goes straight from ASSIGNED to DELIVERED (DONE without PICKED)', async () => {
    const { id } = await create();
    await ok(ASSIGN, { id, volunteerId: southVolunteer }, coordinator);
    const done = (
      await ok<{ updateDeliveryStatus: Request }>(SET_STATUS, { id, status: 'DELIVERED' }, coordinator)
    ).updateDeliveryStatus;
    expect(done.status).toBe('DELIVERED');
  });

  it('cancels with the reason in the history; a blank reason is refused', async () => {
    const { id } = await create();
    expect(fieldErrorOf(await app.graphql(CANCEL, { id, reason: '  ' }, coordinator))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const cancelled = (
      await ok<{ cancelDeliveryRequest: Request }>(CANCEL, { id, reason: 'family moved' }, coordinator)
    ).cancelDeliveryRequest;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.history.at(-1)).toMatchObject({ from: 'OPEN', to: 'CANCELLED', reason: 'family moved' });
  });

  it.each([
    ['of another zone', () => northVolunteer],
    ['who is paused', () => pausedSouthVolunteer],
    ['who does not exist', () => '6f1c1c4e-0000-4000-8000-000000000001'],
  ])('refuses to assign a volunteer %s, as BAD_USER_INPUT on volunteerId', async (_case, volunteerId) => {
    const { id } = await create();
    const before = await counts();
    const response = await app.graphql(ASSIGN, { id, volunteerId: volunteerId() }, coordinator);
    expect(fieldErrorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'volunteerId' });
    expect(await counts()).toEqual(before);
  });

  it('refuses an opted-out volunteer', async () => {
    const { id } = await create();
    await db.query(`UPDATE volunteers SET sms_status = 'OPTED_OUT' WHERE id = $1`, [southVolunteer]);
    try {
      const response = await app.graphql(ASSIGN, { id, volunteerId: southVolunteer }, coordinator);
      expect(fieldErrorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'volunteerId' });
    } finally {
      await db.query(`UPDATE volunteers SET sms_status = 'SUBSCRIBED' WHERE id = $1`, [southVolunteer]);
    }
  });

  describe('zone scope', () => {
    it('hides a request of another zone exactly as a missing one, for reads and every change', async () => {
      const { id } = await create({}, southCoordinator);
      const missing = '6f1c1c4e-0000-4000-8000-000000000002';
      const attempts = (target: string) => [
        app.graphql(GET, { id: target }, northCoordinator),
        app.graphql(UPDATE, { id: target, input: { householdSize: 2 } }, northCoordinator),
        app.graphql(SET_STATUS, { id: target, status: 'DELIVERED' }, northCoordinator),
        app.graphql(CANCEL, { id: target, reason: 'not mine' }, northCoordinator),
        app.graphql(ASSIGN, { id: target, volunteerId: northVolunteer }, northCoordinator),
      ];
      const before = await counts();
      const hidden = await Promise.all(attempts(id));
      const absent = await Promise.all(attempts(missing));
      hidden.forEach((response, index) => {
        const error = response.errors?.[0];
        expect(error?.extensions?.code).toBe('NOT_FOUND');
        expect(error?.message.replace(id, 'ID')).toBe(
          absent[index]!.errors?.[0]?.message.replace(missing, 'ID'),
        );
      });
      expect(await counts()).toEqual(before);
      const listed = await ok<{ deliveryRequests: { edges: { node: { id: string } }[] } }>(
        LIST_PLAIN,
        { first: 100, filter: { zoneIds: [south, north] } },
        northCoordinator,
      );
      expect(listed.deliveryRequests.edges.map((edge) => edge.node.id)).not.toContain(id);
      expect((await ok<{ deliveryRequest: Request }>(GET, { id }, southCoordinator)).deliveryRequest.id).toBe(
        id,
      );
    });

    it('refuses to create in a zone outside the coordinator’s, as BAD_USER_INPUT on zoneId', async () => {
      const before = await counts();
      const response = await app.graphql(CREATE, { input: input({ zoneId: north }) }, southCoordinator);
      expect(fieldErrorOf(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'zoneId' });
      expect(await counts()).toEqual(before);
    });

    it('gives a TRAINER no access to deliveries', async () => {
      for (const response of [
        await app.graphql(LIST_PLAIN, {}, trainer),
        await app.graphql(CREATE, { input: input() }, trainer),
      ]) {
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    });
  });

  describe('audit', () => {
    it('writes one row per protected field read, and none for a list without them', async () => {
      const { id } = await createUnread();
      const before = await counts();
      await ok(LIST_PLAIN, { first: 100 }, coordinator);
      expect((await counts()).audits).toBe(before.audits);

      await ok(
        `query($id: ID!) { deliveryRequest(id: $id) { id address contactPhone } }`,
        { id },
        coordinator,
      );
      const rows = (await db.query(
        `SELECT a.field, a.subject_type, a.action, s.email FROM audit_entries a JOIN staff_users s ON s.id = a.actor_id
          WHERE a.subject_id = $1 ORDER BY a.field`,
        [id],
      )) as { field: string; subject_type: string; action: string; email: string }[];
      expect(rows).toEqual([
        {
          field: 'address',
          subject_type: 'delivery_request',
          action: 'READ',
          email: expect.stringContaining('coordinator'),
        },
        {
          field: 'contactPhone',
          subject_type: 'delivery_request',
          action: 'READ',
          email: expect.stringContaining('coordinator'),
        },
      ]);

      const listed = await ok<{ deliveryRequests: { edges: unknown[] } }>(LIST_WITH_ADDRESS, {}, coordinator);
      expect((await counts()).audits).toBe(before.audits + 2 + listed.deliveryRequests.edges.length);
    });

    it('writes the audit rows of a 50-row page asking address in one INSERT', async () => {
      const zoneId = (
        await ok<{ createZone: { id: string } }>(
          `mutation { createZone(input: { code: "BATCHED", name: "Batched" }) { id } }`,
          {},
          admin,
        )
      ).createZone.id;
      const made = await Promise.all(Array.from({ length: 50 }, () => createUnread({ zoneId })));
      const page = await ok<{ deliveryRequests: { edges: { node: { id: string; address: string } }[] } }>(
        `query($zoneIds: [ID!]) { deliveryRequests(first: 50, filter: { zoneIds: $zoneIds }) { edges { node { id address } } } }`,
        { zoneIds: [zoneId] },
        coordinator,
      );
      expect(page.deliveryRequests.edges.map((edge) => edge.node.address)).toEqual(Array(50).fill(ADDRESS));
      // One statement is one transaction: every row it wrote carries the same xmin.
      const [written] = (await db.query(
        `SELECT count(*)::int AS rows, count(DISTINCT xmin::text)::int AS statements
           FROM audit_entries WHERE subject_id = ANY($1::uuid[])`,
        [made.map((request) => request.id)],
      )) as { rows: number; statements: number }[];
      expect(written).toEqual({ rows: 50, statements: 1 });
    });

    it('fails a read whose audit row cannot be written, and shows no address', async () => {
      const { id } = await createUnread();
      await db.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit refused'; END $$`);
      await db.query(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries
        FOR EACH ROW WHEN (NEW.subject_id = '${id}') EXECUTE FUNCTION refuse_audit()`);
      try {
        const response = await app.graphql<{
          deliveryRequests: { edges: { node: { address: string | null } }[] };
        }>(LIST_WITH_ADDRESS, {}, coordinator);
        expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(JSON.stringify(response)).not.toContain(ADDRESS);
        const single = await app.graphql(
          `query($id: ID!) { deliveryRequest(id: $id) { address } }`,
          { id },
          coordinator,
        );
        expect(single.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(JSON.stringify(single)).not.toContain(ADDRESS);
      } finally {
        await db.query(`DROP TRIGGER refuse_audit ON audit_entries; DROP FUNCTION refuse_audit()`);
      }
      expect(await db.query(`SELECT 1 FROM audit_entries WHERE subject_id = $1`, [id])).toEqual([]);
    });

    it('lists the audit log for ADMIN only, filtered by actor and subject', async () => {
      const { id } = await createUnread();
      await ok(`query($id: ID!) { deliveryRequest(id: $id) { notes } }`, { id }, coordinator);
      const AUDIT = `query($filter: AuditLogFilter) {
        auditLog(filter: $filter, first: 10) { totalCount edges { node { field subjectType subjectId action actor { id } at } } }
      }`;
      const log = await ok<{ auditLog: { totalCount: number; edges: { node: Record<string, unknown> }[] } }>(
        AUDIT,
        { filter: { subjectId: id, actorId: coordinatorId, from: inFuture(-1), to: inFuture(1) } },
        admin,
      );
      expect(log.auditLog.edges.map((edge) => edge.node)).toEqual([
        {
          field: 'notes',
          subjectType: 'delivery_request',
          subjectId: id,
          action: 'READ',
          actor: { id: coordinatorId },
          at: expect.any(String),
        },
      ]);
      const none = await ok<{ auditLog: { totalCount: number } }>(
        AUDIT,
        { filter: { subjectId: id, to: inFuture(-1) } },
        admin,
      );
      expect(none.auditLog.totalCount).toBe(0);
      expect((await app.graphql(AUDIT, {}, coordinator)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  it('answers a tampered address with a masked error, logged by class and code only, and no audit row', async () => {
    const { id } = await createUnread();
    const [row] = (await db.query(`SELECT address_ciphertext FROM delivery_requests WHERE id = $1`, [
      id,
    ])) as {
      address_ciphertext: string;
    }[];
    const parts = row!.address_ciphertext.split(':');
    const ciphertext = Buffer.from(parts[4]!, 'base64');
    ciphertext[0] = ciphertext[0]! ^ 0x01;
    parts[4] = ciphertext.toString('base64');
    const tampered = parts.join(':');
    await db.query(`UPDATE delivery_requests SET address_ciphertext = $1 WHERE id = $2`, [tampered, id]);
    const before = await counts();
    const response = await app.graphql<{ deliveryRequest: { id: string; address: string | null } }>(
      `query($id: ID!) { deliveryRequest(id: $id) { id address } }`,
      { id },
      coordinator,
    );
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(response.data?.deliveryRequest).toEqual({ id, address: null });
    expect(await counts()).toEqual(before);
    expect(logs.text()).toContain('ProtectedDataError');
    expect(logs.text()).toContain('PROTECTED_DATA_TAMPERED');
    expect(logs.text()).not.toContain(parts[4]);
  });

  it('filters by status, zone, urgency, due time and overdue', async () => {
    const soon = await create({ zoneId: north, urgency: 'LOW', deliverBy: inFuture(1) });
    const later = await create({ zoneId: north, urgency: 'LOW', deliverBy: inFuture(30) });
    const ids = async (filter: Record<string, unknown>) =>
      (
        await ok<{ deliveryRequests: { edges: { node: { id: string } }[] } }>(
          LIST_PLAIN,
          { first: 100, filter },
          coordinator,
        )
      ).deliveryRequests.edges.map((edge) => edge.node.id);
    expect(await ids({ zoneIds: [north], urgency: 'LOW' })).toEqual([soon.id, later.id]);
    expect(await ids({ zoneIds: [north], dueBefore: inFuture(2) })).toEqual([soon.id]);
    expect(await ids({ zoneIds: [north], statuses: ['CANCELLED'] })).toEqual([]);
    clock.advance(2 * HOUR);
    expect(await ids({ zoneIds: [north], overdue: true })).toEqual([soon.id]);
    expect(await ids({ zoneIds: [north], overdue: false })).toEqual([later.id]);
  });

  it('pages through requests with cursors', async () => {
    const first = await ok<{
      deliveryRequests: {
        totalCount: number;
        pageInfo: { endCursor: string };
        edges: { node: { id: string } }[];
      };
    }>(LIST_PLAIN, { first: 2 }, coordinator);
    const second = await ok<{ deliveryRequests: { edges: { node: { id: string } }[] } }>(
      LIST_PLAIN,
      { first: 100, after: first.deliveryRequests.pageInfo.endCursor },
      coordinator,
    );
    const all = [...first.deliveryRequests.edges, ...second.deliveryRequests.edges].map(
      (edge) => edge.node.id,
    );
    expect(new Set(all).size).toBe(first.deliveryRequests.totalCount);
  });

  it('loads the histories of a page of requests in one query', async () => {
    const made = await Promise.all(Array.from({ length: 5 }, () => createUnread()));
    const transitions = app.api.get<Repository<DeliveryTransition>>(getRepositoryToken(DeliveryTransition));
    const finds = jest.spyOn(transitions, 'find');
    try {
      const page = await ok<{
        deliveryRequests: { edges: { node: { id: string; history: { to: string }[] } }[] };
      }>(`query { deliveryRequests(first: 100) { edges { node { id history { to } } } } }`, {}, coordinator);
      const histories = new Map(page.deliveryRequests.edges.map((edge) => [edge.node.id, edge.node.history]));
      for (const request of made) expect(histories.get(request.id)).toEqual([{ to: 'OPEN' }]);
      expect(histories.size).toBeGreaterThan(5);
      expect(finds).toHaveBeenCalledTimes(1);
    } finally {
      finds.mockRestore();
    }
  });

  it('gives 200 concurrent creates 200 different codes', async () => {
    const created = await Promise.all(Array.from({ length: 200 }, () => createUnread({ zoneId: north })));
    const [{ open }] = (await db.query(
      `SELECT count(DISTINCT code)::int AS open FROM delivery_requests WHERE status NOT IN ('DELIVERED', 'CANCELLED')`,
    )) as { open: number }[];
    const [{ total }] = (await db.query(
      `SELECT count(*)::int AS total FROM delivery_requests WHERE status NOT IN ('DELIVERED', 'CANCELLED')`,
    )) as { total: number }[];
    expect(new Set(created.map((request) => request.code)).size).toBe(200);
    expect(open).toBe(total);
  }, 60_000);

  it('lets a closed request’s code be used again, and no two open requests share one', async () => {
    const { id, code } = await create();
    const copy = `INSERT INTO delivery_requests (code, zone_id, household_alias, household_size, language, deliver_by, created_by_id)
      SELECT code, zone_id, household_alias, household_size, language, deliver_by, created_by_id FROM delivery_requests WHERE id = $1`;
    await expect(db.query(copy, [id])).rejects.toMatchObject({ driverError: { code: '23505' } });
    await ok(CANCEL, { id, reason: 'duplicate call' }, coordinator);
    await db.query(copy, [id]);
    const [{ same }] = (await db.query(
      `SELECT count(*)::int AS same FROM delivery_requests WHERE code = $1`,
      [code],
    )) as {
      same: number;
    }[];
    expect(same).toBe(2);
  });

  it('leaves no plaintext address or family phone in a pg_dump of the database', async () => {
    await create();
    // The assignment's details text waits in the outbox (no worker here): stored encrypted, a marker as its body.
    const assigned = await create();
    await ok(ASSIGN, { id: assigned.id, volunteerId: southVolunteer }, coordinator);
    const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', app.config.databaseUrl], {
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(stdout).toContain('delivery_requests');
    expect(stdout).toContain('v1:k1:');
    expect(stdout).toContain(PROTECTED_BODY_MARKER);
    for (const secret of [ADDRESS, '5th St', FAMILY_PHONE_E164, '4142863456', '286-3456', NOTES]) {
      expect(stdout).not.toContain(secret);
    }
  });

  // Last: it leaves nearly every code open.
  it('finds the last free code when random tries keep colliding, and then refuses with CONFLICT', async () => {
    const open = `status NOT IN ('DELIVERED', 'CANCELLED')`;
    const [{ zone_id: zoneId, created_by_id: createdById }] = (await db.query(
      `SELECT zone_id, created_by_id FROM delivery_requests LIMIT 1`,
    )) as { zone_id: string; created_by_id: string }[];
    await db.query(
      `INSERT INTO delivery_requests (code, zone_id, household_alias, household_size, language, deliver_by, created_by_id)
       SELECT c, $1, 'filler', 1, 'en', now() + interval '1 day', $2 FROM generate_series(100, 9999) AS c
        WHERE c <> 5555 AND NOT EXISTS (SELECT 1 FROM delivery_requests WHERE code = c AND ${open})`,
      [zoneId, createdById],
    );
    const [{ free }] = (await db.query(
      `SELECT count(*)::int AS free FROM generate_series(100, 9999) AS c
        WHERE NOT EXISTS (SELECT 1 FROM delivery_requests WHERE code = c AND ${open})`,
    )) as { free: number }[];
    expect(free).toBe(1);
    expect((await createUnread()).code).toBe(5555);
    const before = await counts();
    const refused = await app.graphql(CREATE_PLAIN, { input: input() }, coordinator);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  }, 60_000);
});
