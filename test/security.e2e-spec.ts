import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createClient } from 'graphql-ws';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { PROTECTED_COLUMNS } from '../src/protected-data/protected-columns.js';
import { operationCalling, plausibleValue } from './support/schema-calls.js';
import { volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';

/**
 * Fault 8: webhook signatures, the RBAC matrix, and protected fields at rest. (Query depth, complexity and alias
 * abuse: test/graphql-limits.e2e-spec.ts.)
 */

/** Who calls: each staff role, a coordinator limited to one zone, no token, and a deactivated account's token. */
type Principal = 'ADMIN' | 'COORDINATOR' | 'ZONE_COORDINATOR' | 'TRAINER' | 'ANONYMOUS' | 'DEACTIVATED';
const PRINCIPALS: readonly Principal[] = [
  'ADMIN',
  'COORDINATOR',
  'ZONE_COORDINATOR',
  'TRAINER',
  'ANONYMOUS',
  'DEACTIVATED',
];

/** Who passes an operation's role check: `anyone` (login), any `staff`, ADMIN and COORDINATOR, or ADMIN only. */
type Audience = 'anyone' | 'staff' | 'coordinators' | 'admin';
const ROLES_OF: Record<Audience, readonly Principal[]> = {
  anyone: PRINCIPALS,
  staff: ['ADMIN', 'COORDINATOR', 'ZONE_COORDINATOR', 'TRAINER'],
  coordinators: ['ADMIN', 'COORDINATOR', 'ZONE_COORDINATOR'],
  admin: ['ADMIN'],
};

/**
 * What a coordinator limited to zone NORTH gets when the operation meets zone SOUTH's data: `filtered` (a list
 * without it) or `refused` (an error), where the all-zones coordinator sees it. Operations without an entry here
 * are not checked for zones in this file.
 */
type OtherZone = 'filtered' | 'refused';

/**
 * THE TABLE: every root field of the schema, classified. A field the schema has and this table lacks fails the
 * test, so a new operation is classified before it ships.
 */
/** Fields only some configurations serve: simulateInboundSms exists with SMS_TRANSPORT=log, not here. */
const NOT_SERVED_HERE = ['simulateInboundSms'];
const ACCESS: Record<string, [Audience, OtherZone?]> = {
  // Queries
  alert: ['coordinators'],
  alerts: ['coordinators'],
  auditLog: ['admin'],
  broadcast: ['coordinators'],
  broadcastPreview: ['coordinators'],
  broadcasts: ['coordinators'],
  deliveryRequest: ['coordinators', 'refused'],
  deliveryRequests: ['coordinators', 'filtered'],
  deliveryStats: ['coordinators', 'filtered'],
  inbox: ['coordinators', 'filtered'],
  me: ['staff'],
  messages: ['coordinators'],
  shift: ['staff'],
  shifts: ['staff'],
  staffUsers: ['admin'],
  suggestVolunteers: ['coordinators', 'refused'],
  trainers: ['coordinators'],
  trainingEvent: ['staff'],
  trainingEvents: ['staff'],
  trainingStats: ['staff'],
  volunteer: ['staff', 'refused'],
  volunteers: ['staff', 'filtered'],
  zones: ['staff'],
  // Mutations
  assignDelivery: ['coordinators', 'refused'],
  autoDispatch: ['coordinators', 'refused'],
  cancelBroadcast: ['coordinators'],
  cancelDeliveryRequest: ['coordinators', 'refused'],
  cancelTrainingEvent: ['staff'],
  checkIn: ['coordinators'],
  claimShift: ['coordinators'],
  confirmAlert: ['coordinators'],
  createDeliveryRequest: ['coordinators', 'refused'],
  createShift: ['staff'],
  createShiftSeries: ['coordinators'],
  createStaffUser: ['admin'],
  createTrainingEvent: ['staff'],
  createVolunteer: ['coordinators'],
  createZone: ['admin'],
  deactivateStaffUser: ['admin'],
  dropShift: ['coordinators'],
  importVolunteers: ['coordinators'],
  login: ['anyone'],
  markFalseAlarm: ['coordinators'],
  markInboxHandled: ['coordinators'],
  offerDelivery: ['coordinators', 'refused'],
  publishTrainingEvent: ['staff'],
  recordAttendance: ['staff'],
  registerAttendee: ['staff'],
  reportAlert: ['coordinators'],
  requestVerification: ['coordinators'],
  resendDeliveryDetails: ['coordinators'],
  resetStaffPassword: ['admin'],
  resolveAlert: ['coordinators'],
  revokeCalendarFeed: ['coordinators'],
  sendBroadcast: ['coordinators'],
  sendMessage: ['coordinators'],
  simulateInboundSms: ['admin'],
  updateDeliveryRequest: ['coordinators', 'refused'],
  updateDeliveryStatus: ['coordinators', 'refused'],
  updateShift: ['staff'],
  updateStaffUser: ['admin'],
  updateTrainingEvent: ['staff'],
  updateVolunteer: ['coordinators', 'refused'],
  updateZone: ['admin'],
  // Subscriptions
  alertUpdated: ['coordinators'],
  broadcastProgress: ['coordinators'],
  deliveryRequestUpdated: ['coordinators'],
  inboxUpdated: ['coordinators'],
  shiftUpdated: ['staff'],
};

/** How a call fared at the door: refused for want of a valid token, refused for the role, or let through. */
type Verdict = 'unauthenticated' | 'forbidden' | 'allowed';

/** The guard's own words (src/auth): a login's "Wrong email or password" is no refusal at the door. */
const GUARD_MESSAGES = {
  unauthenticated: /^(A valid staff token is required|The staff token is invalid or expired)$/,
  forbidden: /^This needs the role /,
};

function verdictOf(errors: GraphQLResponse['errors']): Verdict {
  const [error] = errors ?? [];
  if (error?.extensions?.code === 'UNAUTHENTICATED' && GUARD_MESSAGES.unauthenticated.test(error.message))
    return 'unauthenticated';
  if (error?.extensions?.code === 'FORBIDDEN' && GUARD_MESSAGES.forbidden.test(error.message))
    return 'forbidden';
  return 'allowed';
}

function expectedVerdict(audience: Audience, principal: Principal): Verdict {
  if (ROLES_OF[audience].includes(principal)) return 'allowed';
  return principal === 'ANONYMOUS' || principal === 'DEACTIVATED' ? 'unauthenticated' : 'forbidden';
}

const rootFields = (schema: GraphQLSchema) =>
  (['query', 'mutation', 'subscription'] as const).flatMap((kind) => {
    const type =
      kind === 'query'
        ? schema.getQueryType()
        : kind === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    return Object.values(type?.getFields() ?? {}).map((field) => ({
      kind,
      field: field as GraphQLField<unknown, unknown>,
    }));
  });

const NETWORK_NUMBER = '+14142860000';
const UNKNOWN_ID = '6c1a3c1e-8a43-4d4b-9a3e-000000000000';
const messageSid = () => `SM${randomBytes(16).toString('hex')}`;

describe('security', () => {
  let app: TestApp;
  let dataSource: DataSource;
  let port: number;
  const tokens = {} as Record<Principal, string | undefined>;
  let north: string;
  let south: string;
  let northVolunteer: { id: string; phone: string };
  let southVolunteer: { id: string; phone: string };

  const ok = async <T>(query: string, variables: Record<string, unknown>, token = tokens.ADMIN) => {
    const response = await app.graphql<T>(query, variables, token);
    if (!response.data) throw new Error(`setup failed: ${JSON.stringify(response.errors)}`);
    return response.data;
  };
  const createRequest = async (zoneId: string, fields: Record<string, unknown> = {}) =>
    (
      await ok<{ createDeliveryRequest: { id: string } }>(
        'mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id } }',
        {
          input: {
            zoneId,
            address: '1 Test Way',
            householdAlias: 'Security household',
            householdSize: 2,
            language: 'en',
            deliverBy: new Date(Date.now() + 86_400_000).toISOString(),
            ...fields,
          },
        },
      )
    ).createDeliveryRequest.id;

  beforeAll(async () => {
    // Twilio transport for signed webhooks; the API process never calls Twilio (no worker here).
    app = await startTestApp({ env: twilioEnv('http://127.0.0.1:9') });
    dataSource = app.api.get(DataSource);
    await app.api.listen(0, '127.0.0.1');
    port = (app.api.getHttpServer().address() as AddressInfo).port;
    tokens.ADMIN = await app.tokenFor(StaffRole.ADMIN);
    const zone = async (code: string) =>
      (
        await ok<{ createZone: { id: string } }>(
          `mutation { createZone(input: { code: "${code}", name: "${code}" }) { id } }`,
          {},
        )
      ).createZone.id;
    north = await zone('NORTH');
    south = await zone('SOUTH');
    tokens.COORDINATOR = await app.tokenFor(StaffRole.COORDINATOR);
    tokens.ZONE_COORDINATOR = await app.tokenFor(StaffRole.COORDINATOR, {
      email: 'north@vecino.test',
      zoneIds: [north],
    });
    tokens.TRAINER = await app.tokenFor(StaffRole.TRAINER);
    tokens.ANONYMOUS = undefined;
    const leaving = await app.tokenFor(StaffRole.COORDINATOR, { email: 'leaving@vecino.test' });
    const { me } = await ok<{ me: { id: string } }>('{ me { id } }', {}, leaving);
    await ok('mutation($id: ID!) { deactivateStaffUser(id: $id) { id } }', { id: me.id });
    tokens.DEACTIVATED = leaving;
    const { volunteer } = volunteerFactory(dataSource, 288);
    northVolunteer = await volunteer({}, [north]);
    southVolunteer = await volunteer({}, [south]);
  });
  afterAll(() => app.close());

  describe('Twilio signatures', () => {
    const inbound = (body: string, sid = messageSid()) => ({
      MessageSid: sid,
      AccountSid: TEST_TWILIO.accountSid,
      From: southVolunteer.phone,
      To: NETWORK_NUMBER,
      Body: body,
    });
    const storedBodies = async (sid: string) =>
      (
        (await dataSource.query('SELECT body FROM messages WHERE provider_sid = $1', [sid])) as {
          body: string;
        }[]
      ).map((row) => row.body);
    /** An outbound text as the sender leaves it: handed to Twilio, SID stored, SENT. */
    const sentText = async () => {
      const { sendMessage } = await ok<{ sendMessage: { id: string } }>(
        'mutation($v: ID!) { sendMessage(volunteerId: $v, body: "Signed callbacks only") { id } }',
        { v: southVolunteer.id },
      );
      const sid = messageSid();
      await dataSource.query(`UPDATE messages SET provider_sid = $1, status = 'SENT' WHERE id = $2`, [
        sid,
        sendMessage.id,
      ]);
      return { id: sendMessage.id, sid };
    };
    const statusOf = async (id: string) =>
      ((await dataSource.query('SELECT status FROM messages WHERE id = $1', [id])) as { status: string }[])[0]
        .status;
    const callback = (sid: string, status: string) => ({
      MessageSid: sid,
      AccountSid: TEST_TWILIO.accountSid,
      MessageStatus: status,
    });
    const FORGED = { authToken: 'not-the-auth-token-0123456789' };
    const MISSING = { signature: null };
    /** Posts `sent` under the signature of `signed`: a captured request replayed with a changed body. */
    const replay = (path: string, signed: Record<string, string>, sent: Record<string, string>) =>
      app
        .http()
        .post(path)
        .type('form')
        .set(
          'X-Twilio-Signature',
          twilio.getExpectedTwilioSignature(
            TEST_TWILIO.authToken,
            `${app.config.publicBaseUrl}${path}`,
            signed,
          ),
        )
        .send(sent);

    it('the inbound webhook refuses forged, missing and replayed-with-changed-body signatures (403), storing nothing', async () => {
      const path = '/webhooks/twilio/sms';
      for (const options of [FORGED, MISSING]) {
        const form = inbound('STOP');
        expect((await postSignedTwilioForm(app, path, form, options)).status).toBe(403);
        expect(await storedBodies(form.MessageSid)).toEqual([]);
      }
      const genuine = inbound('help me please');
      expect((await postSignedTwilioForm(app, path, genuine)).status).toBe(200);
      expect((await replay(path, genuine, { ...genuine, Body: 'STOP' })).status).toBe(403);
      const fresh = inbound('help me please');
      expect((await replay(path, fresh, { ...fresh, Body: 'STOP' })).status).toBe(403);
      expect(await storedBodies(genuine.MessageSid)).toEqual(['help me please']);
      expect(await storedBodies(fresh.MessageSid)).toEqual([]);
      const [{ sms_status: smsStatus }] = await dataSource.query(
        'SELECT sms_status FROM volunteers WHERE id = $1',
        [southVolunteer.id],
      );
      expect(smsStatus).toBe('SUBSCRIBED');
    });

    it('the status callback refuses them too, leaving the text as it was; a signed one applies', async () => {
      const path = '/webhooks/twilio/status';
      const text = await sentText();
      for (const options of [FORGED, MISSING]) {
        expect((await postSignedTwilioForm(app, path, callback(text.sid, 'failed'), options)).status).toBe(
          403,
        );
      }
      const signed = callback(text.sid, 'sent');
      expect(
        (await replay(path, signed, { ...signed, MessageStatus: 'undelivered', ErrorCode: '30003' })).status,
      ).toBe(403);
      expect(await statusOf(text.id)).toBe('SENT');
      expect((await postSignedTwilioForm(app, path, callback(text.sid, 'delivered'))).status).toBe(204);
      expect(await statusOf(text.id)).toBe('DELIVERED');
    });
  });

  describe('the RBAC matrix', () => {
    it('classifies every Query, Mutation and Subscription field of the schema, and nothing else', () => {
      const schema = app.api.get(GraphQLSchemaHost).schema;
      expect(
        rootFields(schema)
          .map(({ field }) => field.name)
          .sort(),
      ).toEqual(
        Object.keys(ACCESS)
          .filter((name) => !NOT_SERVED_HERE.includes(name))
          .sort(),
      );
    });

    /** One call of `operation` as `principal`, over HTTP or graphql-ws; its verdict. */
    async function call(
      kind: 'query' | 'mutation' | 'subscription',
      field: GraphQLField<unknown, unknown>,
      principal: Principal,
    ): Promise<Verdict> {
      const ids = { zoneId: north, otherId: UNKNOWN_ID };
      const variables = Object.fromEntries(
        field.args.map((arg) => [arg.name, plausibleValue(arg.type, arg.name, ids)]),
      );
      const query = operationCalling(kind, field);
      const token = tokens[principal];
      if (kind !== 'subscription') return verdictOf((await app.graphql(query, variables, token)).errors);
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
      });
      try {
        // A subscription let through waits for events: no answer within a second is no refusal.
        const first = await Promise.race([
          client.iterate({ query, variables }).next(),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_000)),
        ]).catch((errors: GraphQLResponse['errors']) => ({ value: { errors } }));
        return first === null ? 'allowed' : verdictOf((first.value as GraphQLResponse | undefined)?.errors);
      } finally {
        await client.dispose();
      }
    }

    it('lets each principal through to exactly the operations its row says, over HTTP and graphql-ws', async () => {
      const schema = app.api.get(GraphQLSchemaHost).schema;
      const wrong: string[] = [];
      let cells = 0;
      for (const { kind, field } of rootFields(schema)) {
        const row = ACCESS[field.name];
        if (!row) {
          wrong.push(`${field.name}: not in the table`);
          continue;
        }
        const [audience] = row;
        for (const principal of PRINCIPALS) {
          const verdict = await call(kind, field, principal);
          cells++;
          const expected = expectedVerdict(audience, principal);
          if (verdict !== expected)
            wrong.push(`${field.name} as ${principal}: ${verdict}, table says ${expected}`);
        }
      }
      process.stdout.write(`\nRBAC matrix: ${cells} cells checked\n`);
      expect(wrong).toEqual([]);
    }, 180_000);

    it('keeps a coordinator limited to NORTH out of SOUTH, where the all-zones coordinator gets in', async () => {
      const request = await createRequest(south);
      await postSignedTwilioForm(app, '/webhooks/twilio/sms', {
        MessageSid: messageSid(),
        From: southVolunteer.phone,
        To: NETWORK_NUMBER,
        Body: 'unknown words for the inbox',
      });
      const listed =
        (query: string, pick: (data: Record<string, unknown>) => string[], id: string) =>
        async (token: string) => {
          const response = await app.graphql<Record<string, unknown>>(query, {}, token);
          if (!response.data) throw new Error(JSON.stringify(response.errors));
          return pick(response.data).includes(id) ? 'visible' : 'filtered';
        };
      const edges = (key: string) => (data: Record<string, unknown>) =>
        (data[key] as { edges: { node: { id: string } }[] }).edges.map((edge) => edge.node.id);
      /** Refused: no data, and NOT_FOUND, FORBIDDEN, or the zone named as bad input (never another field). */
      const single =
        (query: string, variables: () => Promise<Record<string, unknown>> | Record<string, unknown>) =>
        async (token: string) => {
          const response = await app.graphql(query, await variables(), token);
          if (response.data) return 'visible';
          const { code, field } = response.errors?.[0]?.extensions ?? {};
          const refusal =
            code === 'NOT_FOUND' || code === 'FORBIDDEN' || (code === 'BAD_USER_INPUT' && field === 'zoneId');
          if (!refusal) throw new Error(JSON.stringify(response.errors));
          return 'refused';
        };
      const [inboundFromSouth]: { id: string }[] = await dataSource.query(
        `SELECT id FROM messages WHERE direction = 'INBOUND' AND phone = $1 ORDER BY created_at DESC LIMIT 1`,
        [southVolunteer.phone],
      );
      const freshRequest = async () => ({ id: await createRequest(south) });
      /** What each zone-scoped operation shows or does with SOUTH's data, called with `token`. */
      const otherZoneProbes: Record<string, (token: string) => Promise<'visible' | OtherZone>> = {
        volunteers: listed(
          '{ volunteers(first: 100) { edges { node { id } } } }',
          edges('volunteers'),
          southVolunteer.id,
        ),
        deliveryRequests: listed(
          '{ deliveryRequests(first: 100) { edges { node { id } } } }',
          edges('deliveryRequests'),
          request,
        ),
        inbox: listed('{ inbox(first: 100) { edges { node { id } } } }', edges('inbox'), inboundFromSouth.id),
        deliveryStats: listed(
          `{ deliveryStats(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { zone { id } } }`,
          (data) => (data.deliveryStats as { zone: { id: string } }[]).map((row) => row.zone.id),
          south,
        ),
        volunteer: single('query($id: ID!) { volunteer(id: $id) { id } }', () => ({ id: southVolunteer.id })),
        updateVolunteer: single(
          'mutation($id: ID!) { updateVolunteer(id: $id, input: { name: "Renamed" }) { id } }',
          () => ({ id: southVolunteer.id }),
        ),
        deliveryRequest: single('query($id: ID!) { deliveryRequest(id: $id) { id } }', () => ({
          id: request,
        })),
        suggestVolunteers: single('query($id: ID!) { suggestVolunteers(requestId: $id) { score } }', () => ({
          id: request,
        })),
        createDeliveryRequest: single(
          `mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id } }`,
          () => ({
            input: {
              zoneId: south,
              address: '2 Test Way',
              householdAlias: 'Probe',
              householdSize: 1,
              language: 'en',
              deliverBy: new Date(Date.now() + 86_400_000).toISOString(),
            },
          }),
        ),
        updateDeliveryRequest: single(
          'mutation($id: ID!) { updateDeliveryRequest(id: $id, input: { householdSize: 3 }) { id } }',
          freshRequest,
        ),
        offerDelivery: single(
          'mutation($id: ID!, $v: ID!) { offerDelivery(requestId: $id, volunteerId: $v) { id } }',
          async () => ({ ...(await freshRequest()), v: southVolunteer.id }),
        ),
        assignDelivery: single(
          'mutation($id: ID!, $v: ID!) { assignDelivery(requestId: $id, volunteerId: $v) { id } }',
          async () => ({ ...(await freshRequest()), v: southVolunteer.id }),
        ),
        autoDispatch: single('mutation($id: ID!) { autoDispatch(requestId: $id) { id } }', freshRequest),
        updateDeliveryStatus: single(
          'mutation($id: ID!) { updateDeliveryStatus(requestId: $id, status: PICKED_UP) { id } }',
          async () => {
            const { id } = await freshRequest();
            await ok('mutation($r: ID!, $v: ID!) { assignDelivery(requestId: $r, volunteerId: $v) { id } }', {
              r: id,
              v: southVolunteer.id,
            });
            return { id };
          },
        ),
        cancelDeliveryRequest: single(
          'mutation($id: ID!) { cancelDeliveryRequest(id: $id, reason: "probe") { id } }',
          freshRequest,
        ),
      };

      const zoneScoped = Object.entries(ACCESS).filter(([, [, otherZone]]) => otherZone !== undefined);
      expect(Object.keys(otherZoneProbes).sort()).toEqual(zoneScoped.map(([name]) => name).sort());
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const [name, [, otherZone]] of zoneScoped) {
        // The limited coordinator first: what the other one does (offer, assign) must not answer for it.
        outcomes.push(
          `${name}: ${await otherZoneProbes[name](tokens.ZONE_COORDINATOR!)} / ${await otherZoneProbes[name](tokens.COORDINATOR!)}`,
        );
        expected.push(`${name}: ${otherZone} / visible`);
      }
      expect(outcomes).toEqual(expected);
    }, 120_000);
  });

  it('leaves no plaintext of a protected field in a pg_dump of the database', async () => {
    const marker = (what: string) => `${what}-${randomBytes(6).toString('hex')}`;
    const address = marker('address');
    const notes = marker('notes');
    const familyPhone = '+14145557311';
    const attendeePhone = '+14145557312';
    const request = await createRequest(north, { address, notes, contactPhone: familyPhone });
    // The details text (address, phone, notes) waits in the outbox: no worker here.
    await ok('mutation($r: ID!, $v: ID!) { assignDelivery(requestId: $r, volunteerId: $v) { id } }', {
      r: request,
      v: northVolunteer.id,
    });
    const startsAt = Date.now() + 3 * 86_400_000;
    const { createTrainingEvent } = await ok<{ createTrainingEvent: { id: string } }>(
      'mutation($input: CreateTrainingEventInput!) { createTrainingEvent(input: $input) { id } }',
      {
        input: {
          title: 'Know your rights',
          languages: ['en'],
          venue: 'Library',
          zoneId: north,
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(startsAt + 3600_000).toISOString(),
          capacity: 5,
        },
      },
      tokens.TRAINER,
    );
    await ok(
      'mutation($id: ID!) { publishTrainingEvent(id: $id) { id } }',
      { id: createTrainingEvent.id },
      tokens.TRAINER,
    );
    await ok(
      'mutation($e: ID!, $p: String!) { registerAttendee(eventId: $e, input: { name: "Guest", phone: $p }) { id } }',
      { e: createTrainingEvent.id, p: attendeePhone },
      tokens.TRAINER,
    );
    const [{ details }]: { details: number }[] = await dataSource.query(
      `SELECT count(*)::int AS details FROM messages WHERE template_key = 'delivery_details' AND body_ciphertext IS NOT NULL
          AND subject_id = $1`,
      [request],
    );
    expect(details).toBe(1);

    const { stdout } = await promisify(execFile)('pg_dump', ['--data-only', app.config.databaseUrl], {
      maxBuffer: 256 * 1024 * 1024,
    });
    for (const { table } of PROTECTED_COLUMNS) expect(stdout).toContain(`COPY public.${table} `);
    expect(stdout).toContain('v1:');
    const digits = (phone: string) => phone.slice(2);
    for (const secret of [address, notes, digits(familyPhone), digits(attendeePhone)])
      expect(stdout).not.toContain(secret);
  });
});
