import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SEND = `mutation Send($input: SendBroadcastInput!) { sendBroadcast(input: $input) { id status } }`;
const LIST = `{ broadcasts(first: 10) { edges { node { id status awaitingFanOut } } } }`;

describe('broadcasts listing', () => {
  let app: TestApp;
  let coordinator: string;

  // No worker: what is sent stays FANNING_OUT.
  beforeAll(async () => {
    app = await startTestApp();
    coordinator = await app.tokenFor(StaffRole.ADMIN);
  });
  afterAll(() => app.close());

  it('counts what is left to fan out of several broadcasts at once, one query at a time on its connection', async () => {
    await app.graphql(
      `mutation { createVolunteer(input: { name: "Listed Volunteer", phone: "+14145550177" }) { id } }`,
      {},
      coordinator,
    );
    for (const body of ['First', 'Second', 'Third']) {
      const sent = await app.graphql<{ sendBroadcast: { status: string } }>(
        SEND,
        { input: { body } },
        coordinator,
      );
      expect(sent.data?.sendBroadcast.status).toBe('FANNING_OUT');
    }

    const listed = await app.graphql<{
      broadcasts: { edges: { node: { status: string; awaitingFanOut: number } }[] };
    }>(LIST, {}, coordinator);
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.broadcasts.edges.map((edge) => edge.node)).toEqual(
      Array.from({ length: 3 }, () => expect.objectContaining({ status: 'FANNING_OUT', awaitingFanOut: 1 })),
    );
  });
});
