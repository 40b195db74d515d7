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

  describe('partial updates', () => {
    const UPDATE = `mutation ($id: ID!, $input: UpdateVolunteerInput!) {
      updateVolunteer(id: $id, input: $input) {
        name phone preferredLanguage languages skills status availability { weekday start end } zones { code }
      }
    }`;
    const FULL = {
      name: 'Rita',
      phone: phone(970),
      preferredLanguage: 'es',
      languages: ['es', 'en'],
      skills: ['DRIVER', 'MEDIC'],
      availability: [{ weekday: 6, start: '09:00', end: '13:00' }],
      status: 'PAUSED',
    };
    const createRita = async (index: number) => {
      const created = await app.graphql<{ createVolunteer: { id: string } }>(
        CREATE,
        { input: { ...FULL, phone: phone(index), zoneIds: [south, north] } },
        admin,
      );
      expect(created.errors).toBeUndefined();
      return created.data!.createVolunteer.id;
    };
    const stored = (overrides: Record<string, unknown> = {}) => ({
      ...FULL,
      phone: expect.any(String),
      zones: expect.arrayContaining([{ code: 'SOUTHSIDE' }, { code: 'NORTHSIDE' }]),
      ...overrides,
    });

    it('changes only the fields it is given', async () => {
      const id = await createRita(970);
      const renamed = await app.graphql<{ updateVolunteer: Record<string, unknown> }>(
        UPDATE,
        { id, input: { name: 'Rita B' } },
        coordinator,
      );
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data?.updateVolunteer).toEqual(stored({ name: 'Rita B', phone: '+14142861970' }));
      expect(renamed.data?.updateVolunteer.zones).toHaveLength(2);
    });

    it('refuses an explicit null for every field, naming it, and changes nothing', async () => {
      const id = await createRita(971);
      const fields = [
        'name',
        'phone',
        'preferredLanguage',
        'languages',
        'zoneIds',
        'skills',
        'availability',
        'status',
      ];
      for (const field of fields) {
        const response = await app.graphql(
          UPDATE,
          { id, input: { name: 'Changed', [field]: null } },
          coordinator,
        );
        expect(response.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field, message: 'must not be null' }],
        });
      }
      const inline = await app.graphql(
        `mutation { updateVolunteer(id: "${id}", input: { name: null }) { id } }`,
        {},
        coordinator,
      );
      expect(inline.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      const after = await app.graphql<{ volunteer: Record<string, unknown> }>(
        `query ($id: ID!) { volunteer(id: $id) { name phone preferredLanguage languages skills status availability { weekday start end } zones { code } } }`,
        { id },
        coordinator,
      );
      expect(after.data?.volunteer).toEqual(stored({ phone: '+14142861971' }));
    });

    it('refuses an explicit null for the optional fields of a create', async () => {
      for (const field of ['availability', 'status']) {
        const response = await app.graphql(
          CREATE,
          { input: { name: 'N', phone: phone(972), [field]: null } },
          coordinator,
        );
        expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });

    it('keeps the zones a zone-limited coordinator cannot see', async () => {
      const id = await createRita(973);
      const southOnly = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south] });
      const moved = await app.graphql<{ updateVolunteer: { zones: { code: string }[] } }>(
        UPDATE,
        { id, input: { zoneIds: [south], name: 'Rita S' } },
        southOnly,
      );
      expect(moved.errors).toBeUndefined();
      expect(moved.data?.updateVolunteer.zones.map((zone) => zone.code).sort()).toEqual([
        'NORTHSIDE',
        'SOUTHSIDE',
      ]);
      const none = await app.graphql(UPDATE, { id, input: { zoneIds: [] } }, southOnly);
      expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zoneIds' });
      // Someone who sees every zone moves the volunteer out of one.
      const narrowed = await app.graphql<{ updateVolunteer: { zones: { code: string }[] } }>(
        UPDATE,
        { id, input: { zoneIds: [south] } },
        admin,
      );
      expect(narrowed.data?.updateVolunteer.zones).toEqual([{ code: 'SOUTHSIDE' }]);
    });
  });

  it('stores names trimmed and refuses whitespace-only ones', async () => {
    const created = await app.graphql<{ createVolunteer: { id: string; name: string } }>(
      CREATE,
      { input: { name: '  Tomás Ruiz \t', phone: phone(980) } },
      coordinator,
    );
    expect(created.data?.createVolunteer.name).toBe('Tomás Ruiz');
    const id = created.data!.createVolunteer.id;
    for (const name of ['   ', '\t\n', '']) {
      const create = await app.graphql(CREATE, { input: { name, phone: phone(981) } }, coordinator);
      expect(create.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'name', message: 'must not be empty' }],
      });
      const update = await app.graphql(
        'mutation ($id: ID!, $name: String!) { updateVolunteer(id: $id, input: { name: $name }) { id } }',
        { id, name },
        coordinator,
      );
      expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
      const zone = await app.graphql(
        'mutation ($name: String!) { createZone(input: { code: "BLANK", name: $name }) { id } }',
        { name },
        admin,
      );
      expect(zone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    const padded = await app.graphql<{ createZone: { name: string } }>(
      'mutation { createZone(input: { code: "PADDED", name: "  East side  " }) { name } }',
      {},
      admin,
    );
    expect(padded.data?.createZone.name).toBe('East side');
    const long = await app.graphql(
      CREATE,
      { input: { name: ` ${'a'.repeat(120)} `, phone: phone(982) } },
      coordinator,
    );
    expect(long.errors).toBeUndefined();
  });

  it('does not tell a zone-limited coordinator that a volunteer outside their zones has a number', async () => {
    await app.graphql(CREATE, { input: { name: 'Northerner', phone: phone(990), zoneIds: [north] } }, admin);
    await app.graphql(CREATE, { input: { name: 'Southerner', phone: phone(991), zoneIds: [south] } }, admin);
    const southOnly = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [south] });
    const hidden = await app.graphql(
      CREATE,
      { input: { name: 'X', phone: phone(990), zoneIds: [south] } },
      southOnly,
    );
    expect(hidden.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'phone', message: 'cannot be registered from your zones; ask an administrator' }],
    });
    expect(JSON.stringify(hidden)).not.toMatch(/already|another volunteer/);
    // A volunteer the coordinator can see: the plain reason.
    const visible = await app.graphql(
      CREATE,
      { input: { name: 'X', phone: phone(991), zoneIds: [south] } },
      southOnly,
    );
    expect(visible.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'phone', message: 'another volunteer already has this phone number' },
    ]);
    // Staff who see every zone are told plainly.
    const plain = await app.graphql(CREATE, { input: { name: 'X', phone: phone(990) } }, coordinator);
    expect(plain.errors?.[0]?.extensions?.fields).toEqual([
      { field: 'phone', message: 'another volunteer already has this phone number' },
    ]);
  });
});
