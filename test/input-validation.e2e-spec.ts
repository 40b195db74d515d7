import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';
import { postSignedTwilioForm, twilioEnv } from './support/twilio-webhook.js';

/** The network's own number, as TWILIO_FROM_NUMBER holds it. */
const SENDER_NUMBER = '+14145550199';
const UNKNOWN_ID = '6c1a3c1e-8a43-4d4b-9a3e-000000000000';
const NUL = '\u0000';
const LONE_SURROGATE = '\uD800';

const CREATE = `mutation ($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id name } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateVolunteerInput!) { updateVolunteer(id: $id, input: $input) { id name } }`;
const IMPORT = `mutation ($csv: String!) { importVolunteers(csv: $csv) { created updated errors { row field message } } }`;

function expectFieldError(response: GraphQLResponse, field: string, message?: string): void {
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  if (message) expect(response.errors?.[0]?.extensions?.fields).toEqual([{ field, message }]);
}

describe('input validation at the edge', () => {
  let app: TestApp;
  let admin: string;
  let coordinator: string;
  let zoneId: string;
  let volunteerId: string;

  beforeAll(async () => {
    // Twilio transport for the sender number and the signed webhook; this API process never calls Twilio.
    app = await startTestApp({
      env: { ...twilioEnv('http://127.0.0.1:9'), TWILIO_FROM_NUMBER: SENDER_NUMBER },
    });
    admin = await app.tokenFor(StaffRole.ADMIN);
    const zone = await app.graphql<{ createZone: { id: string } }>(
      'mutation { createZone(input: { code: "EDGE", name: "Edge" }) { id } }',
      {},
      admin,
    );
    zoneId = zone.data!.createZone.id;
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    const created = await app.graphql<{ createVolunteer: { id: string } }>(
      CREATE,
      { input: { name: 'Edge Case', phone: '+14145550101', zoneIds: [zoneId] } },
      coordinator,
    );
    volunteerId = created.data!.createVolunteer.id;
  });
  afterAll(() => app.close());

  describe('strings the database cannot store', () => {
    it('refuses a NUL in a volunteer name, a zone name and an update, naming the field', async () => {
      expectFieldError(
        await app.graphql(CREATE, { input: { name: `Ana${NUL}`, phone: '+14145550102' } }, coordinator),
        'name',
        'must not contain NUL characters',
      );
      expectFieldError(
        await app.graphql(
          'mutation ($input: CreateZoneInput!) { createZone(input: $input) { id } }',
          { input: { code: 'NULZONE', name: `a${NUL}b` } },
          admin,
        ),
        'name',
      );
      expectFieldError(
        await app.graphql(UPDATE, { id: volunteerId, input: { name: `x${NUL}` } }, coordinator),
        'name',
      );
    });

    it('refuses a NUL in a broadcast body and a lone surrogate in bodyByLanguage', async () => {
      const SEND = 'mutation ($input: SendBroadcastInput!) { sendBroadcast(input: $input) { id } }';
      expectFieldError(
        await app.graphql(SEND, { input: { body: `Meeting${NUL} tonight` } }, coordinator),
        'body',
        'must not contain NUL characters',
      );
      expectFieldError(
        await app.graphql(
          SEND,
          {
            input: {
              body: 'Meeting tonight',
              bodyByLanguage: [{ language: 'es', body: `Hoy ${LONE_SURROGATE}` }],
            },
          },
          coordinator,
        ),
        'bodyByLanguage.0.body',
        'must not contain unpaired surrogate characters',
      );
    });

    it('refuses them in plain string arguments too: sendMessage, login, importVolunteers', async () => {
      expectFieldError(
        await app.graphql(
          'mutation ($v: ID!, $b: String!) { sendMessage(volunteerId: $v, body: $b) { id } }',
          { v: volunteerId, b: `hi${NUL}` },
          coordinator,
        ),
        'body',
      );
      expectFieldError(
        await app.graphql(
          'mutation ($e: String!) { login(email: $e, password: "whatever it is") { token } }',
          {
            e: `admin${NUL}@vecino.test`,
          },
        ),
        'email',
        'must not contain NUL characters',
      );
      expectFieldError(
        await app.graphql(
          IMPORT,
          { csv: `name,phone,languages,zones,skills\nAna${NUL},+14145550103,en,EDGE,\n` },
          coordinator,
        ),
        'csv',
        'must not contain NUL characters',
      );
      const count = await app.graphql<{ volunteers: { totalCount: number } }>(
        '{ volunteers(first: 1) { totalCount } }',
        {},
        coordinator,
      );
      expect(count.data?.volunteers.totalCount).toBe(1);
    });

    it('answers the SMS webhook 400 for a NUL in From, MessageSid or Body, and stores nothing', async () => {
      const good = {
        MessageSid: `SM${'a'.repeat(32)}`,
        From: '+14145550101',
        To: SENDER_NUMBER,
        Body: 'HELP',
      };
      for (const field of ['From', 'MessageSid', 'Body'] as const) {
        const response = await postSignedTwilioForm(app, '/webhooks/twilio/sms', {
          ...good,
          [field]: `${good[field]}${NUL}`,
        });
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
      }
      const messages = await app.graphql<{ messages: { totalCount: number } }>(
        '{ messages(first: 1) { totalCount } }',
        {},
        coordinator,
      );
      expect(messages.data?.messages.totalCount).toBe(0);
    });
  });

  describe('ids', () => {
    const byId: [string, string, string][] = [
      ['volunteer', 'query ($id: ID!) { volunteer(id: $id) { id } }', 'id'],
      [
        'updateVolunteer',
        'mutation ($id: ID!) { updateVolunteer(id: $id, input: { name: "X" }) { id } }',
        'id',
      ],
      ['broadcast', 'query ($id: ID!) { broadcast(id: $id) { id } }', 'id'],
      ['cancelBroadcast', 'mutation ($id: ID!) { cancelBroadcast(id: $id) { id } }', 'id'],
      ['markInboxHandled', 'mutation ($id: ID!) { markInboxHandled(messageId: $id) { id } }', 'messageId'],
      [
        'sendMessage',
        'mutation ($id: ID!) { sendMessage(volunteerId: $id, body: "hi") { id } }',
        'volunteerId',
      ],
    ];

    it.each(byId)(
      '%s: a malformed id is BAD_USER_INPUT on its field, an unknown one NOT_FOUND',
      async (_name, query, field) => {
        for (const malformed of ['not-a-uuid', '1', `${UNKNOWN_ID}x`]) {
          expectFieldError(
            await app.graphql(query, { id: malformed }, coordinator),
            field,
            'is not a valid id',
          );
        }
        const unknown = await app.graphql(query, { id: UNKNOWN_ID }, coordinator);
        expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      },
    );

    it('checks ids written inline in the query the same way', async () => {
      expectFieldError(
        await app.graphql('mutation { cancelBroadcast(id: 1) { id } }', {}, coordinator),
        'id',
      );
      expectFieldError(await app.graphql('{ volunteer(id: "not-a-uuid") { id } }', {}, coordinator), 'id');
    });

    it('checks ids inside input objects and lists', async () => {
      expectFieldError(
        await app.graphql(
          'query ($f: MessageFilter) { messages(filter: $f, first: 1) { totalCount } }',
          { f: { volunteerId: 'abc' } },
          coordinator,
        ),
        'volunteerId',
      );
      expectFieldError(
        await app.graphql(
          'query ($f: MessageFilter) { messages(filter: $f, first: 1) { totalCount } }',
          { f: { broadcastId: '1' } },
          coordinator,
        ),
        'broadcastId',
      );
      expectFieldError(
        await app.graphql(
          'query ($f: VolunteerFilter) { volunteers(filter: $f, first: 1) { totalCount } }',
          { f: { zoneIds: [zoneId, 'EDGE'] } },
          coordinator,
        ),
        'zoneIds',
      );
      expectFieldError(
        await app.graphql(
          CREATE,
          { input: { name: 'Z', phone: '+14145550104', zoneIds: ['zone-1'] } },
          coordinator,
        ),
        'zoneIds',
      );
      expectFieldError(
        await app.graphql(UPDATE, { id: volunteerId, input: { zoneIds: [zoneId, '42'] } }, coordinator),
        'zoneIds',
      );
      expectFieldError(
        await app.graphql(
          'mutation ($input: SendBroadcastInput!) { sendBroadcast(input: $input) { id } }',
          { input: { body: 'x', zoneIds: ['1'] } },
          coordinator,
        ),
        'zoneIds',
      );
      const unknownFilter = await app.graphql<{ messages: { totalCount: number } }>(
        'query ($f: MessageFilter) { messages(filter: $f, first: 1) { totalCount } }',
        { f: { volunteerId: UNKNOWN_ID } },
        coordinator,
      );
      expect(unknownFilter).toEqual({ data: { messages: { totalCount: 0 } } });
    });
  });

  it('checks the id of a subscription too (over graphql-ws)', async () => {
    await app.api.listen(0, '127.0.0.1');
    const { port } = app.api.getHttpServer().address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${coordinator}` },
      retryAttempts: 0,
    });
    try {
      const query = 'subscription ($id: ID!) { broadcastProgress(id: $id) { id } }';
      const malformed = await client.iterate({ query, variables: { id: 'not-a-uuid' } }).next();
      expect(malformed.value).toEqual({
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'id' }),
          }),
        ],
      });
      const unknown = await client.iterate({ query, variables: { id: UNKNOWN_ID } }).next();
      expect(unknown.value).toEqual({
        errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })],
      });
    } finally {
      await client.dispose();
    }
  });

  it('answers a token signed with the real secret but a non-UUID subject UNAUTHENTICATED', async () => {
    const jwt = app.api.get(JwtService);
    for (const sub of ['1', 'admin', `${UNKNOWN_ID}${NUL}`]) {
      const token = await jwt.signAsync({ sub, role: 'ADMIN' });
      const response = await app.graphql('{ me { id } }', {}, token);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const noSubject = await app.graphql('{ me { id } }', {}, await jwt.signAsync({ role: 'ADMIN' }));
    expect(noSubject.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  describe("the network's own sender number", () => {
    it('is refused as a volunteer phone on create and update, in any format', async () => {
      expectFieldError(
        await app.graphql(CREATE, { input: { name: 'Echo', phone: '(414) 555-0199' } }, admin),
        'phone',
        "is the network's own sender number",
      );
      expectFieldError(
        await app.graphql(UPDATE, { id: volunteerId, input: { phone: SENDER_NUMBER } }, admin),
        'phone',
      );
    });

    it('is refused as a phone in an imported row', async () => {
      const imported = await app.graphql<{ importVolunteers: unknown }>(
        IMPORT,
        { csv: `name,phone,languages,zones,skills\nEcho,414-555-0199,en,EDGE,\n` },
        admin,
      );
      expect(imported.data?.importVolunteers).toEqual({
        created: 0,
        updated: 0,
        errors: [{ row: 2, field: 'phone', message: "is the network's own sender number" }],
      });
    });

    it('is refused to a zone-limited coordinator with the words any unavailable number gets', async () => {
      const edgeOnly = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [zoneId] });
      expectFieldError(
        await app.graphql(
          CREATE,
          { input: { name: 'Echo', phone: SENDER_NUMBER, zoneIds: [zoneId] } },
          edgeOnly,
        ),
        'phone',
        'cannot be registered from your zones; ask an administrator',
      );
    });
  });
});
