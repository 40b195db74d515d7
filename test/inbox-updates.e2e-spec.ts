import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { INBOX_UPDATED_TOPIC } from '../src/messaging/inbound/inbox-events.js';
import { redisKey } from '../src/redis/redis.module.js';
import { createZone, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait.js';

interface InboxPush {
  inboxUpdated: {
    id: string;
    body: string | null;
    handledAt: string | null;
    volunteer: { id: string } | null;
  };
}

describe('inboxUpdated', () => {
  let app: TestApp;
  let admin: string;
  let north: string;
  let south: string;
  let volunteer: ReturnType<typeof volunteerFactory>['volunteer'];

  beforeAll(async () => {
    app = await startTestApp({ env: { SMS_TRANSPORT: 'log', QUIET_HOURS: '' } });
    admin = await app.tokenFor(StaffRole.ADMIN);
    north = await createZone(app, admin, 'INBOXNORTH');
    south = await createZone(app, admin, 'INBOXSOUTH');
    volunteer = volunteerFactory(app.api.get(DataSource), 391).volunteer;
    await app.api.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  const text = async (from: string, body: string) => {
    const answer = await app.graphql(
      'mutation ($from: String!, $body: String!) { simulateInboundSms(from: $from, body: $body) { id } }',
      { from, body },
      admin,
    );
    expect(answer.errors).toBeUndefined();
  };

  it('subscriptions opened all at once on a fresh API go live together (a dashboard opens four)', async () => {
    const { port } = app.api.getHttpServer().address() as AddressInfo;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${admin}` },
      retryAttempts: 0,
    });
    const redis = new Redis(app.config.redisUrl);
    try {
      const fields = ['inboxUpdated', 'alertUpdated', 'shiftUpdated', 'deliveryRequestUpdated'];
      const streams = fields.map((field) => client.iterate({ query: `subscription { ${field} { id } } ` }));
      const firsts = streams.map((stream) => stream.next());
      const channels = [
        INBOX_UPDATED_TOPIC,
        'alert-updated',
        'shift-updated',
        'delivery-request-updated',
      ].map((topic) => redisKey(app.config, 'pubsub', topic));
      // Each stream's first result, or its error: an error would end the wait at once.
      const failures = Promise.all(
        firsts.map((first) =>
          first.then(
            () => null,
            (error: unknown) => error,
          ),
        ),
      );
      await waitFor(
        async () =>
          ((await redis.pubsub('NUMSUB', ...channels)) as (string | number)[]).filter((_, i) => i % 2),
        (counts) => counts.every((subscribed) => subscribed === 1),
      );
      await text('+14145550176', 'anyone there?');
      expect((await firsts[0]).value).toMatchObject({ data: { inboxUpdated: { id: expect.any(String) } } });
      await client.dispose();
      expect((await failures).filter(Boolean)).toEqual([]);
    } finally {
      await client.dispose();
      redis.disconnect();
    }
  }, 60_000);

  it('pushes a text as it lands in the inbox and when it is handled, to the staff whose zones it is in', async () => {
    const { port } = app.api.getHttpServer().address() as AddressInfo;
    const channel = redisKey(app.config, 'pubsub', INBOX_UPDATED_TOPIC);
    const redis = new Redis(app.config.redisUrl);
    const subscribers = async () => ((await redis.pubsub('NUMSUB', channel)) as [string, number])[1];
    const clients: Client[] = [];
    // One subscriber at a time: the API listens to the channel once however many subscribe, so its count tells
    // when a subscription is live only for the first.
    const subscribe = async (token: string) => {
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { Authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      clients.push(client);
      const events = client.iterate<InboxPush>({
        query: 'subscription { inboxUpdated { id body handledAt volunteer { id } } }',
      });
      const first = events.next();
      await waitFor(subscribers, (subscribed) => subscribed === 1);
      return { client, events, first };
    };
    try {
      const northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
      const southVolunteer = await volunteer({ name: 'South Volunteer' }, [south]);
      const northVolunteer = await volunteer({ name: 'North Volunteer' }, [north]);
      const northSide = await subscribe(northCoordinator);
      // A south text and an unknown number's are not the north coordinator's to see: the first push is north's.
      await text(southVolunteer.phone, 'is the pantry open saturday?');
      await text('+14145550177', 'who is this?');
      await text(northVolunteer.phone, 'can someone call me back');
      const northText = (await northSide.first).value?.data?.inboxUpdated;
      expect(northText).toEqual({
        id: expect.any(String),
        body: 'can someone call me back',
        handledAt: null,
        volunteer: { id: northVolunteer.id },
      });
      // A text a command understood never reaches the inbox, so the next push is the handled one.
      await text(northVolunteer.phone, 'HELP');
      const handled = await app.graphql(
        'mutation ($id: ID!) { markInboxHandled(messageId: $id) { id } }',
        { id: northText?.id },
        northCoordinator,
      );
      expect(handled.errors).toBeUndefined();
      const handledPush = (await northSide.events.next()).value?.data?.inboxUpdated;
      expect(handledPush).toMatchObject({ id: northText?.id, handledAt: expect.any(String) });
      await northSide.client.dispose();
      await waitFor(subscribers, (subscribed) => subscribed === 0);

      // Unscoped staff see texts of no zone too.
      const everyZone = await subscribe(admin);
      await text('+14145550178', 'hello?');
      expect((await everyZone.first).value?.data?.inboxUpdated).toMatchObject({
        body: 'hello?',
        volunteer: null,
      });
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
      redis.disconnect();
    }
  }, 60_000);
});
