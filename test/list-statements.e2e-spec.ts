import { DataSource } from 'typeorm';
import { seedLists } from '../bench/list-fixtures.js';
import { StatementRecorder, type Statement } from '../bench/statement-recorder.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const VOLUNTEERS = `query ($first: Int!, $after: String) {
  volunteers(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name zones { id code } } }
  }
}`;
const DELIVERIES = `query ($first: Int!) {
  deliveryRequests(first: $first) {
    totalCount
    edges { node { id code zone { id } createdBy { id zones { id } } assignedVolunteer { id zones { id code } } } }
  }
}`;

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}
type VolunteerNode = { id: string; name: string; zones: { id: string; code: string }[] };

/** Statements per GraphQL request, the staff user's included: constant in the page size. */
describe('list statements', () => {
  let app: TestApp;
  let token: string;
  let dataSource: DataSource;
  let recorder: StatementRecorder;
  const requests: Statement[][] = [];

  /** The response and the statements its request sent. */
  const counted = async <T>(query: string, variables: Record<string, unknown>) => {
    const before = requests.length;
    const response = await app.graphql<T>(query, variables, token);
    expect(response.errors).toBeUndefined();
    expect(requests.length).toBe(before + 1);
    return { data: response.data as T, statements: requests[before] };
  };

  beforeAll(async () => {
    app = await startTestApp();
    token = await app.tokenFor(StaffRole.COORDINATOR, { email: 'lists@vecino.test' });
    dataSource = app.api.get(DataSource);
    const [{ id }]: { id: string }[] = await dataSource.query(
      `SELECT id FROM staff_users WHERE email = 'lists@vecino.test'`,
    );
    await seedLists((sql, parameters) => dataSource.query(sql, parameters), {
      volunteers: 250,
      deliveries: 120,
      createdById: id,
    });
    recorder = new StatementRecorder(dataSource);
    recorder.recordRequests(app.api.getHttpServer(), requests);
  });
  afterAll(async () => {
    recorder?.uninstall();
    await app.close();
  });

  it('authenticates a request in one statement', async () => {
    const { statements } = await counted('{ me { id zones { id } } }', {});
    expect(statements).toHaveLength(1);
  });

  it('pages volunteers with their zones in at most 4 statements at 10, 50 and 100 a page', async () => {
    const expectedZones: { id: string; codes: string[] }[] = await dataSource.query(
      `SELECT v.id, array_agg(z.code ORDER BY z.code) AS codes
         FROM volunteers v JOIN volunteer_zones vz ON vz.volunteers_id = v.id JOIN zones z ON z.id = vz.zones_id
        GROUP BY v.id`,
    );
    const codesOf = new Map(expectedZones.map((row) => [row.id, row.codes]));
    const counts: number[] = [];
    for (const first of [10, 50, 100]) {
      const { data, statements } = await counted<{ volunteers: Page<VolunteerNode> }>(VOLUNTEERS, { first });
      expect(data.volunteers.edges).toHaveLength(first);
      expect(data.volunteers.totalCount).toBe(250);
      for (const { node } of data.volunteers.edges)
        expect(node.zones.map((zone) => zone.code)).toEqual(codesOf.get(node.id));
      counts.push(statements.length);
    }
    expect(counts[0]).toBeLessThanOrEqual(4);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  });

  it('pages on through a cursor at the same cost, every volunteer once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    const counts = new Set<number>();
    for (;;) {
      const { data, statements }: { data: { volunteers: Page<VolunteerNode> }; statements: Statement[] } =
        await counted<{ volunteers: Page<VolunteerNode> }>(VOLUNTEERS, { first: 100, after });
      seen.push(...data.volunteers.edges.map((edge) => edge.node.id));
      counts.add(statements.length);
      if (!data.volunteers.pageInfo.hasNextPage) break;
      after = data.volunteers.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(250);
    expect(seen).toHaveLength(250);
    expect([...counts].every((count) => count <= 4)).toBe(true);
  });

  it('pages deliveries with zone, creator and volunteer in a constant number of statements', async () => {
    const counts: number[] = [];
    for (const first of [10, 50, 100]) {
      const { data, statements } = await counted<{
        deliveryRequests: Page<{
          zone: { id: string };
          createdBy: { zones: unknown[] };
          assignedVolunteer: { zones: { id: string }[] };
        }>;
      }>(DELIVERIES, { first });
      expect(data.deliveryRequests.edges).toHaveLength(first);
      for (const { node } of data.deliveryRequests.edges) {
        expect(node.createdBy.zones).toEqual([]);
        expect(node.assignedVolunteer.zones.map((zone) => zone.id)).toContain(node.zone.id);
      }
      counts.push(statements.length);
    }
    // The staff user, the count, the page (zone, creator and volunteer joined), the volunteers' and the creators' zones.
    expect(counts).toEqual([5, 5, 5]);
  });

  it('reads a roster with each volunteer, their zones, no-shows and calendar link in a constant number of statements', async () => {
    const [zone]: { id: string }[] = await dataSource.query(`SELECT id FROM zones ORDER BY code LIMIT 1`);
    const shiftOf = async (seats: number) => {
      const created = await app.graphql<{ createShift: { id: string } }>(
        `mutation ($input: CreateShiftInput!) { createShift(input: $input) { id } }`,
        {
          input: {
            zoneId: zone.id,
            role: 'greeter',
            seats,
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          },
        },
        token,
      );
      const id = created.data!.createShift.id;
      await dataSource.query(
        `WITH picked AS (SELECT id FROM volunteers ORDER BY id LIMIT $2)
         INSERT INTO signups (shift_id, volunteer_id, status) SELECT $1, id, 'CONFIRMED' FROM picked`,
        [id, seats],
      );
      await dataSource.query(`UPDATE shifts SET confirmed_count = $2 WHERE id = $1`, [id, seats]);
      return id;
    };
    const ROSTER = `query ($id: ID!) {
      shift(id: $id) { roster { volunteer { id name zones { code } noShowCount calendarUrl } } }
    }`;
    const counts: number[] = [];
    for (const seats of [5, 40]) {
      const { data, statements } = await counted<{
        shift: {
          roster: { volunteer: { zones: unknown[]; noShowCount: number; calendarUrl: string | null } }[];
        };
      }>(ROSTER, { id: await shiftOf(seats) });
      expect(data.shift.roster).toHaveLength(seats);
      for (const { volunteer } of data.shift.roster) {
        expect(volunteer.zones.length).toBeGreaterThan(0);
        expect(volunteer).toMatchObject({ noShowCount: 0, calendarUrl: null });
      }
      counts.push(statements.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
