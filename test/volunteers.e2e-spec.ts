import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CREATE = `mutation Create($input: CreateVolunteerInput!) {
  createVolunteer(input: $input) { id name phone preferredLanguage languages skills status smsStatus zones { id code } }
}`;
const LIST = `query List($filter: VolunteerFilter, $first: Int, $after: String) {
  volunteers(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name phone } }
  }
}`;

interface VolunteerPage {
  volunteers: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string; name: string; phone: string | null } }[];
  };
}

// Numbers in Milwaukee's 414 area code that libphonenumber accepts as valid.
const phone = (index: number) => `(414) 286-${String(1000 + index).padStart(4, '0')}`;

describe('volunteers', () => {
  let app: TestApp;
  let admin: string;
  let coordinator: string;
  let trainer: string;
  let south: string;
  let north: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    trainer = await app.tokenFor(StaffRole.TRAINER);
    const zone = async (code: string) => {
      const created = await app.graphql<{ createZone: { id: string } }>(
        `mutation { createZone(input: { code: "${code}", name: "${code} side" }) { id code name } }`,
        {},
        admin,
      );
      return created.data?.createZone.id as string;
    };
    south = await zone('SOUTHSIDE');
    north = await zone('NORTHSIDE');
  });
  afterAll(() => app.close());

  it('creates a volunteer with the phone stored in E.164', async () => {
    const created = await app.graphql<{ createVolunteer: Record<string, unknown> }>(
      CREATE,
      {
        input: {
          name: 'Ana Torres',
          phone: '414.286.2000',
          preferredLanguage: 'es',
          languages: ['en'],
          zoneIds: [south],
          skills: ['DRIVER', 'HAS_CAR'],
        },
      },
      coordinator,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createVolunteer).toMatchObject({
      name: 'Ana Torres',
      phone: '+14142862000',
      preferredLanguage: 'es',
      languages: ['es', 'en'],
      skills: ['DRIVER', 'HAS_CAR'],
      status: 'ACTIVE',
      smsStatus: 'SUBSCRIBED',
      zones: [{ id: south, code: 'SOUTHSIDE' }],
    });
  });

  it('rejects a duplicate phone and an invalid phone as field errors on `phone`', async () => {
    const duplicate = await app.graphql(
      CREATE,
      { input: { name: 'Copy', phone: '+1 414 286 2000' } },
      coordinator,
    );
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
    const invalid = await app.graphql(CREATE, { input: { name: 'Nobody', phone: '12345' } }, coordinator);
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
    const count = await app.graphql<VolunteerPage>(LIST, { filter: { search: 'Copy' } }, coordinator);
    expect(count.data?.volunteers.totalCount).toBe(0);
  });

  it('names the field for other bad input too', async () => {
    const badLanguage = await app.graphql(
      CREATE,
      { input: { name: 'X', phone: phone(900), preferredLanguage: 'Spanish' } },
      coordinator,
    );
    expect(badLanguage.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'preferredLanguage',
    });
    const unknownZone = await app.graphql(
      CREATE,
      { input: { name: 'X', phone: phone(901), zoneIds: ['6c1a3c1e-8a43-4d4b-9a3e-000000000000'] } },
      coordinator,
    );
    expect(unknownZone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zoneIds' });
  });

  it('forbids a trainer to create volunteers and hides phones from trainers', async () => {
    const created = await app.graphql(CREATE, { input: { name: 'T', phone: phone(902) } }, trainer);
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await app.graphql<VolunteerPage>(LIST, { first: 5 }, trainer);
    expect(list.errors).toBeUndefined();
    expect(list.data?.volunteers.edges[0]?.node.phone).toBeNull();
  });

  it('filters and pages through volunteers', async () => {
    for (let index = 0; index < 25; index++) {
      const response = await app.graphql(
        CREATE,
        {
          input: {
            name: `Page Volunteer ${index}`,
            phone: phone(index),
            languages: index % 2 ? ['es'] : ['en'],
            zoneIds: [index < 20 ? north : south],
            skills: index % 5 === 0 ? ['RAPID_RESPONSE'] : [],
          },
        },
        coordinator,
      );
      expect(response.errors).toBeUndefined();
    }
    const seen: string[] = [];
    let after: string | null = null;
    const hasNext: boolean[] = [];
    for (let pageNumber = 0; pageNumber < 3; pageNumber++) {
      const page: { data?: VolunteerPage | null } = await app.graphql<VolunteerPage>(
        LIST,
        { filter: { zoneIds: [north] }, first: 8, after },
        coordinator,
      );
      const connection = page.data?.volunteers;
      expect(connection?.totalCount).toBe(20);
      seen.push(...(connection?.edges.map((edge) => edge.node.name) ?? []));
      hasNext.push(connection?.pageInfo.hasNextPage ?? false);
      after = connection?.pageInfo.endCursor ?? null;
    }
    expect(hasNext).toEqual([true, true, false]);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);

    const rapid = await app.graphql<VolunteerPage>(
      LIST,
      { filter: { skills: ['RAPID_RESPONSE'], languages: ['en'] } },
      coordinator,
    );
    expect(rapid.data?.volunteers.totalCount).toBe(5);
    const byPhone = await app.graphql<VolunteerPage>(LIST, { filter: { search: '286-1003' } }, coordinator);
    expect(byPhone.data?.volunteers.edges.map((edge) => edge.node.name)).toEqual(['Page Volunteer 3']);
    const trainerByPhone = await app.graphql<VolunteerPage>(LIST, { filter: { search: '2861003' } }, trainer);
    expect(trainerByPhone.data?.volunteers.totalCount).toBe(0);
  });

  it('rejects a bad page size and a foreign cursor on their fields', async () => {
    const tooMany = await app.graphql(LIST, { first: 1000 }, coordinator);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await app.graphql(LIST, { after: 'not-a-cursor' }, coordinator);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('updates a volunteer and keeps zone-limited coordinators to their zones', async () => {
    const created = await app.graphql<{ createVolunteer: { id: string } }>(
      CREATE,
      { input: { name: 'Luis', phone: phone(950), zoneIds: [south] } },
      coordinator,
    );
    const id = created.data?.createVolunteer.id;
    const updated = await app.graphql<{
      updateVolunteer: { name: string; status: string; zones: { code: string }[] };
    }>(
      `mutation ($id: ID!, $input: UpdateVolunteerInput!) {
        updateVolunteer(id: $id, input: $input) { name status zones { code } }
      }`,
      { id, input: { name: 'Luis M.', status: 'PAUSED', zoneIds: [north, south] } },
      coordinator,
    );
    expect(updated.data?.updateVolunteer).toEqual({
      name: 'Luis M.',
      status: 'PAUSED',
      zones: expect.arrayContaining([{ code: 'NORTHSIDE' }, { code: 'SOUTHSIDE' }]),
    });

    const southOnly = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south] });
    const visible = await app.graphql<VolunteerPage>(LIST, { first: 100 }, southOnly);
    expect(visible.data?.volunteers.totalCount).toBe(7); // Ana, 5 paged south volunteers, Luis
    const zones = await app.graphql<{ zones: { code: string }[] }>('{ zones { code } }', {}, southOnly);
    expect(zones.data?.zones).toEqual([{ code: 'SOUTHSIDE' }]);
    const outside = await app.graphql(
      CREATE,
      { input: { name: 'Far', phone: phone(951), zoneIds: [north] } },
      southOnly,
    );
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zoneIds' });
  });
});
