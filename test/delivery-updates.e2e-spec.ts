import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { DataSource as DataSourceToken } from 'typeorm';
import WebSocket from 'ws';
import { Redis } from 'ioredis';
import { DELIVERY_REQUEST_UPDATED } from '../src/deliveries/delivery-request-events.js';
import { redisKey } from '../src/redis/redis.module.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait.js';

const UPDATED = `subscription { deliveryRequestUpdated { id code status householdSize zone { id } assignedVolunteer { id } address } }`;
const ADDRESS = '735 S 3rd St';

interface Update {
  id: string;
  status: string;
  householdSize: number;
  zone: { id: string };
  assignedVolunteer: { id: string } | null;
  address: string | null;
}

/** A subscriber collecting every update (and error) it is sent. */
interface Listener {
  client: Client;
  updates: Update[];
  errors: unknown[];
  done: Promise<void>;
}

describe('deliveryRequestUpdated over graphql-ws', () => {
  let app: TestApp;
  let admin: string;
  let south: string;
  let north: string;
  let southCoordinator: string;
  let northCoordinator: string;
  let volunteerId: string;
  let port: number;
  const listeners: Listener[] = [];

  const ok = async <T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const response = await app.graphql<T>(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const create = async (zoneId: string, token: string): Promise<string> =>
    (
      await ok<{ createDeliveryRequest: { id: string } }>(
        `mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id } }`,
        {
          input: {
            zoneId,
            householdAlias: 'Familia Tercera',
            householdSize: 2,
            language: 'es',
            address: ADDRESS,
            deliverBy: new Date(Date.now() + 6 * 3600_000).toISOString(),
          },
        },
        token,
      )
    ).createDeliveryRequest.id;
  const resize = (id: string, householdSize: number, token: string) =>
    ok(
      `mutation($id: ID!, $n: Int!) { updateDeliveryRequest(id: $id, input: { householdSize: $n }) { id } }`,
      { id, n: householdSize },
      token,
    );
  const listen = (token: string): Listener => {
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const listener: Listener = { client, updates: [], errors: [], done: Promise.resolve() };
    listener.done = (async () => {
      for await (const result of client.iterate<{ deliveryRequestUpdated: Update }>({ query: UPDATED })) {
        if (result.errors) listener.errors.push(...result.errors);
        else listener.updates.push(result.data?.deliveryRequestUpdated as Update);
      }
    })().catch((error: unknown) => {
      listener.errors.push(error);
    });
    listeners.push(listener);
    return listener;
  };
  /**
   * graphql-ws tells the client nothing when its subscription is live: edit a request of the listener's zone until
   * the listener hears of it, then forget what it heard.
   */
  const untilLive = async (listener: Listener, probeId: string, token: string): Promise<void> => {
    let size = 2;
    let edits = 0;
    await waitFor(
      async () => {
        // Each edit changes the size and stays within the allowed 1 to 30, however long the subscription takes.
        edits += 1;
        size = 3 + (edits % 27);
        await resize(probeId, size, token);
        return listener.updates.length;
      },
      (heard) => heard > 0,
      { intervalMs: 200 },
    );
    // The probe's later edits may still be on their way: wait until they have all arrived.
    await waitFor(
      () => listener.updates.at(-1)?.householdSize,
      (last) => last === size,
    );
    listener.updates.length = 0;
  };

  beforeAll(async () => {
    app = await startTestApp();
    await app.api.listen(0, '127.0.0.1');
    port = (app.api.getHttpServer().address() as AddressInfo).port;
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
    southCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south] });
    northCoordinator = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [north] });
    volunteerId = (
      await ok<{ createVolunteer: { id: string } }>(
        `mutation($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
        { input: { name: 'Marisol', phone: '+14142865001', zoneIds: [south] } },
        admin,
      )
    ).createVolunteer.id;
  });
  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.client.dispose()));
    await app?.close();
  });

  it('streams each change of a request to the coordinators of its zone, and to no one else', async () => {
    const southProbe = await create(south, southCoordinator);
    const northProbe = await create(north, northCoordinator);
    const southSide = listen(southCoordinator);
    const northSide = listen(northCoordinator);
    await untilLive(southSide, southProbe, southCoordinator);
    await untilLive(northSide, northProbe, northCoordinator);

    const id = await create(south, southCoordinator);
    await ok(
      `mutation($id: ID!, $v: ID!) { assignDelivery(requestId: $id, volunteerId: $v) { id } }`,
      {
        id,
        v: volunteerId,
      },
      southCoordinator,
    );
    await ok(
      `mutation($id: ID!) { updateDeliveryStatus(requestId: $id, status: PICKED_UP) { id } }`,
      { id },
      southCoordinator,
    );
    await ok(
      `mutation($id: ID!) { updateDeliveryStatus(requestId: $id, status: DELIVERED) { id } }`,
      { id },
      southCoordinator,
    );
    // A refused move changes nothing, so it is not published.
    expect(
      (
        await app.graphql(
          `mutation($id: ID!) { updateDeliveryStatus(requestId: $id, status: PICKED_UP) { id } }`,
          { id },
          southCoordinator,
        )
      ).errors,
    ).toBeDefined();
    const northId = await create(north, northCoordinator);

    await waitFor(
      () => southSide.updates.length,
      (count) => count >= 4,
    );
    await waitFor(
      () => northSide.updates.length,
      (count) => count >= 1,
    );
    expect(southSide.updates.map(({ id: updated, status }) => ({ id: updated, status }))).toEqual([
      { id, status: 'OPEN' },
      { id, status: 'ASSIGNED' },
      { id, status: 'PICKED_UP' },
      { id, status: 'DELIVERED' },
    ]);
    expect(southSide.updates[1]).toMatchObject({
      zone: { id: south },
      assignedVolunteer: { id: volunteerId },
      address: ADDRESS,
    });
    // The north coordinator heard of the north request only: the south one's four changes never reached it.
    expect(northSide.updates).toEqual([
      expect.objectContaining({ id: northId, status: 'OPEN', zone: { id: north } }),
    ]);
    expect([...southSide.errors, ...northSide.errors]).toEqual([]);

    // Each subscriber read the address as itself: audited like any read.
    const [audited] = (await app.api
      .get(DataSourceToken)
      .query(`SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1 AND field = 'address'`, [
        id,
      ])) as { n: number }[];
    expect(audited!.n).toBe(4);

    // Unsubscribed, the process lets go of the Redis channel.
    await Promise.all([southSide, northSide].map((listener) => listener.client.dispose()));
    const redis = new Redis(app.config.redisUrl);
    try {
      const channel = redisKey(app.config, 'pubsub', DELIVERY_REQUEST_UPDATED);
      await waitFor(
        () => redis.pubsub('NUMSUB', channel),
        (counts) => counts[1] === 0,
      );
    } finally {
      redis.disconnect();
    }
  });

  it('refuses a TRAINER, with the same code as over HTTP', async () => {
    const trainer = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${await app.tokenFor(StaffRole.TRAINER)}` },
      retryAttempts: 0,
    });
    try {
      // Refused before any event, as broadcastProgress is: the first result carries the error, then the stream ends.
      const attempt = await trainer.iterate({ query: UPDATED }).next();
      expect(attempt.value).toEqual({
        errors: [
          expect.objectContaining({
            message: 'This needs the role ADMIN or COORDINATOR',
            extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
          }),
        ],
      });
    } finally {
      await trainer.dispose();
    }
  });
});
