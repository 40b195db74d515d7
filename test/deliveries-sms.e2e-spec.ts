import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Message, MessageDirection } from '../src/messaging/message.entity.js';
import { formatTextTime } from '../src/messaging/text/text-time.js';
import type { Volunteer } from '../src/volunteers/volunteer.entity.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { createZone, hoursFromNow, volunteerFactory } from './support/shift-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { postSignedTwilioForm, TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const WEBHOOK = '/webhooks/twilio/sms';
const NETWORK_NUMBER = '+14142860000';

describe('deliveries in the MINE reply (by SMS)', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  let app: TestApp;
  let dataSource: DataSource;
  let coordinator: string;
  let south: string;
  let newVolunteer: ReturnType<typeof volunteerFactory>['volunteer'];

  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await app.graphql<T>(query, variables, coordinator);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  };
  const shiftHeldBy = async (volunteer: Volunteer, startsAt: Date): Promise<string> => {
    const { createShift } = await ok<{ createShift: { id: string; code: string } }>(
      `mutation($input: CreateShiftInput!) { createShift(input: $input) { id code } }`,
      {
        input: {
          zoneId: south,
          role: 'greeter',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
          seats: 3,
        },
      },
    );
    await ok(`mutation($s: ID!, $v: ID!) { claimShift(shiftId: $s, volunteerId: $v) { status } }`, {
      s: createShift.id,
      v: volunteer.id,
    });
    return createShift.code;
  };
  /** A request assigned to the volunteer, moved on to `status`; returns its code. */
  const deliveryOf = async (
    volunteer: Volunteer,
    deliverBy: Date,
    status: 'ASSIGNED' | 'PICKED_UP' | 'DELIVERED',
  ): Promise<number> => {
    const { createDeliveryRequest } = await ok<{ createDeliveryRequest: { id: string; code: number } }>(
      `mutation($input: CreateDeliveryRequestInput!) { createDeliveryRequest(input: $input) { id code } }`,
      {
        input: {
          zoneId: south,
          householdAlias: 'Familia',
          householdSize: 3,
          language: 'es',
          address: '2215 S 5th St',
          deliverBy: deliverBy.toISOString(),
        },
      },
    );
    const id = createDeliveryRequest.id;
    await ok(`mutation($id: ID!, $v: ID!) { assignDelivery(requestId: $id, volunteerId: $v) { id } }`, {
      id,
      v: volunteer.id,
    });
    for (const next of status === 'ASSIGNED' ? [] : status === 'PICKED_UP' ? ['PICKED_UP'] : ['DELIVERED']) {
      await ok(
        `mutation($id: ID!, $s: DeliveryStatus!) { updateDeliveryStatus(requestId: $id, status: $s) { id } }`,
        { id, s: next },
      );
    }
    return createDeliveryRequest.code;
  };
  /** Texts `body` from `from` and returns the reply's body once the command has run. */
  const reply = async (from: string, body: string): Promise<string> => {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const posted = await postSignedTwilioForm(app, WEBHOOK, {
      MessageSid: sid,
      AccountSid: TEST_TWILIO.accountSid,
      From: from,
      To: NETWORK_NUMBER,
      Body: body,
      NumMedia: '0',
    });
    expect(posted.status).toBe(200);
    const inbound = await waitFor(
      () =>
        dataSource
          .getRepository(Message)
          .findOneByOrFail({ providerSid: sid, direction: MessageDirection.INBOUND }),
      (message) => message.processedAt !== null,
    );
    const replies = await dataSource.getRepository(Message).findBy({ inReplyToId: inbound.id });
    expect(replies).toHaveLength(1);
    return replies[0]!.body as string;
  };
  const when = (at: Date, language: string) =>
    formatTextTime(at, app.config.networkTimezone, language, new Date());

  beforeAll(async () => {
    const { baseUrl } = await fake.start();
    app = await startTestApp({ env: twilioEnv(baseUrl) });
    dataSource = app.api.get(DataSource);
    const admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    south = await createZone(app, admin, 'SOUTHSIDE');
    ({ volunteer: newVolunteer } = volunteerFactory(dataSource, 289));
  });
  afterAll(async () => {
    await app?.close();
    await fake.close();
  });

  it('lists the shifts first, then the deliveries in progress with code and deliver-by, soonest first', async () => {
    const rita = await newVolunteer({}, [south]);
    const other = await newVolunteer({}, [south]);
    const shiftStart = hoursFromNow(30);
    const shiftCode = await shiftHeldBy(rita, shiftStart);
    const laterBy = hoursFromNow(8);
    const soonerBy = hoursFromNow(4);
    const later = await deliveryOf(rita, laterBy, 'ASSIGNED');
    const sooner = await deliveryOf(rita, soonerBy, 'PICKED_UP');
    await deliveryOf(rita, hoursFromNow(5), 'DELIVERED');
    await deliveryOf(other, hoursFromNow(3), 'ASSIGNED');

    expect(await reply(rita.phone, 'MINE')).toBe(
      [
        'Yours:',
        `Shift ${shiftCode} ${when(shiftStart, 'en')} greeter`,
        `Delivery ${sooner} by ${when(soonerBy, 'en')} (picked up)`,
        `Delivery ${later} by ${when(laterBy, 'en')}`,
      ].join('\n'),
    );
  });

  it('answers MIOS in Spanish, deliveries alone when there is no shift', async () => {
    const lucia = await newVolunteer({ preferredLanguage: 'es', languages: ['es'] }, [south]);
    const by = hoursFromNow(6);
    const code = await deliveryOf(lucia, by, 'PICKED_UP');
    expect(await reply(lucia.phone, 'mios')).toBe(
      `Lo tuyo:\nEntrega ${code} antes de ${when(by, 'es')} (recogida)`,
    );
  });
});
