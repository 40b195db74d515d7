import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const IMPORT = `mutation Import($csv: String!) {
  importVolunteers(csv: $csv) { created updated unchanged errors { row field message } }
}`;
const FIND = `query Find($search: String) {
  volunteers(filter: { search: $search }, first: 10) {
    totalCount
    edges { node { name phone preferredLanguage languages skills smsStatus zones { code } } }
  }
}`;
const COUNT_IN_ZONE = `query Count($zoneIds: [ID!]) { volunteers(filter: { zoneIds: $zoneIds }, first: 1) { totalCount } }`;

interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; field: string; message: string }[];
}

interface FoundVolunteer {
  name: string;
  phone: string;
  preferredLanguage: string;
  languages: string[];
  skills: string[];
  smsStatus: string;
  zones: { code: string }[];
}

// Header in another order and letter case, names of languages, lower-case zones and skills with spaces: all
// normalised. Rows are numbered as a spreadsheet shows them: the header is row 1.
const SPREADSHEET = `Phone,Name,Zones,Languages,Skills,Notes
(414) 555-0101,Ana Torres,southside,Español; English,driver; has car,extra columns are ignored
414.555.0102,Marcus Johnson,NORTHSIDE,English,RAPID_RESPONSE,
12345,Bad Phone,SOUTHSIDE,en,,
(414) 555-0103,,SOUTHSIDE,en,,
(414) 555-0104,Unknown Zone,EASTSIDE,en,,
+1 414 555 0101,Ana Again,SOUTHSIDE,es,,
(414) 555-0105,Bad Skill,NORTHSIDE,en,juggling,
(414) 555-0106,Keisha Brown,NORTHSIDE|SOUTHSIDE,en,legal observer,
`;

const SPREADSHEET_ERRORS = [
  { row: 4, field: 'phone', message: 'is not a valid phone number' },
  { row: 5, field: 'name', message: 'name is required' },
  { row: 6, field: 'zones', message: 'unknown zone EASTSIDE' },
  { row: 7, field: 'phone', message: 'is the same number as row 2' },
  { row: 8, field: 'skills', message: 'must hold skills such as DRIVER or MEDIC' },
];

describe('importVolunteers', () => {
  let app: TestApp;
  let coordinator: string;
  let northside: string;

  const importCsv = async (csv: string): Promise<ImportResult> => {
    const response = await app.graphql<{ importVolunteers: ImportResult }>(IMPORT, { csv }, coordinator);
    expect(response.errors).toBeUndefined();
    return response.data!.importVolunteers;
  };
  const count = async (zoneIds?: string[]): Promise<number> => {
    const response = await app.graphql<{ volunteers: { totalCount: number } }>(
      COUNT_IN_ZONE,
      { zoneIds },
      coordinator,
    );
    return response.data!.volunteers.totalCount;
  };
  const find = async (search: string): Promise<FoundVolunteer[]> => {
    const response = await app.graphql<{ volunteers: { edges: { node: FoundVolunteer }[] } }>(
      FIND,
      { search },
      coordinator,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.volunteers.edges.map((edge) => edge.node);
  };

  beforeAll(async () => {
    app = await startTestApp();
    const admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    for (const code of ['SOUTHSIDE', 'NORTHSIDE']) {
      const created = await app.graphql<{ createZone: { id: string } }>(
        'mutation Zone($input: CreateZoneInput!) { createZone(input: $input) { id } }',
        { input: { code, name: code } },
        admin,
      );
      if (code === 'NORTHSIDE') northside = created.data!.createZone.id;
    }
  });
  afterAll(() => app.close());

  it('imports the good rows and reports each bad row by row and field', async () => {
    const result = await importCsv(SPREADSHEET);
    expect(result).toEqual({ created: 3, updated: 0, unchanged: 0, errors: SPREADSHEET_ERRORS });

    expect(await find('Ana')).toEqual([
      {
        name: 'Ana Torres',
        phone: '+14145550101',
        preferredLanguage: 'es',
        languages: ['es', 'en'],
        skills: ['DRIVER', 'HAS_CAR'],
        smsStatus: 'SUBSCRIBED',
        zones: [{ code: 'SOUTHSIDE' }],
      },
    ]);
    const [keisha] = await find('Keisha');
    expect(keisha?.skills).toEqual(['LEGAL_OBSERVER']);
    expect(keisha?.zones.map((zone) => zone.code).sort()).toEqual(['NORTHSIDE', 'SOUTHSIDE']);
    // Rows with errors are left out entirely.
    for (const name of ['Bad Phone', 'Unknown Zone', 'Ana Again', 'Bad Skill'])
      expect(await find(name)).toEqual([]);
  });

  it('changes nothing when the same file comes again', async () => {
    const result = await importCsv(SPREADSHEET);
    expect(result).toEqual({ created: 0, updated: 0, unchanged: 3, errors: SPREADSHEET_ERRORS });
  });

  it('updates the rows that changed, and only those', async () => {
    const changed = SPREADSHEET.replace(
      '(414) 555-0101,Ana Torres,southside,Español; English,driver; has car',
      '(414) 555-0101,Ana María Torres,southside,Español; English,driver; has car; interpreter',
    ).replace('NORTHSIDE|SOUTHSIDE,en,legal observer', 'NORTHSIDE,en,legal observer');
    const result = await importCsv(changed);
    expect(result).toEqual({ created: 0, updated: 2, unchanged: 1, errors: SPREADSHEET_ERRORS });

    const [ana] = await find('Ana María');
    expect(ana).toMatchObject({
      phone: '+14145550101',
      preferredLanguage: 'es',
      skills: ['DRIVER', 'HAS_CAR', 'INTERPRETER'],
      zones: [{ code: 'SOUTHSIDE' }],
    });
    const [keisha] = await find('Keisha');
    expect(keisha?.zones).toEqual([{ code: 'NORTHSIDE' }]);
    expect(await importCsv(changed)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('keeps the language a volunteer chose by SMS when the spreadsheet comes again', async () => {
    const [keisha] = await find('Keisha');
    const id = await app.api
      .get(DataSource)
      .query(`SELECT id FROM volunteers WHERE phone = $1`, [keisha?.phone])
      .then((rows: { id: string }[]) => rows[0]?.id);
    // What `LANG ES` does: the preferred language changes, and stays among the languages spoken.
    await app.api
      .get(DataSource)
      .query(`UPDATE volunteers SET preferred_language = 'es', languages = '{es,en}' WHERE id = $1`, [id]);
    const spreadsheet = SPREADSHEET.replace(
      'NORTHSIDE|SOUTHSIDE,en,legal observer',
      'NORTHSIDE,en,legal observer',
    );
    const again = await importCsv(spreadsheet);
    expect(again.errors).toEqual(SPREADSHEET_ERRORS);
    const [after] = await find('Keisha');
    expect(after).toMatchObject({ preferredLanguage: 'es', languages: ['es', 'en'] });
    expect(await importCsv(spreadsheet)).toMatchObject({ updated: 0 });
  });

  it('takes a 20,000-row spreadsheet in one call', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => {
      const phone = `(414) ${300 + Math.floor(index / 10_000)}-${String(index % 10_000).padStart(4, '0')}`;
      const languages = index % 3 === 0 ? 'es;en' : 'en';
      const skills = ['DRIVER', 'HAS_CAR', 'RAPID_RESPONSE', ''][index % 4];
      return `Bulk Volunteer ${index},${phone},${languages},NORTHSIDE,${skills}`;
    });
    const csv = `name,phone,languages,zones,skills\n${rows.join('\n')}\n`;
    const before = await count([northside]);

    expect(await importCsv(csv)).toEqual({ created: 20_000, updated: 0, unchanged: 0, errors: [] });

    expect(await count([northside])).toBe(before + 20_000);
    expect(await count([])).toBe(await count()); // an empty list filters nothing
    const [sample] = await find('Bulk Volunteer 12345');
    expect(sample).toMatchObject({
      phone: '+14143012345',
      preferredLanguage: 'es', // 12345 is a multiple of 3: `es;en`
      skills: ['HAS_CAR'],
      zones: [{ code: 'NORTHSIDE' }],
    });
  }, 180_000);
});

describe('importVolunteers applies the rules of createVolunteer and updateVolunteer', () => {
  const HEADER = 'name,phone,languages,zones,skills';
  const NOT_AVAILABLE = 'cannot be registered from your zones; ask an administrator';
  let app: TestApp;
  let admin: string;
  let coordinatorA: string;
  let zoneA: string;

  const importAs = async (token: string, ...rows: string[]): Promise<ImportResult> => {
    const response = await app.graphql<{ importVolunteers: ImportResult }>(
      IMPORT,
      { csv: [HEADER, ...rows, ''].join('\n') },
      token,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.importVolunteers;
  };
  const stored = async (phone: string) => {
    const rows: { name: string; languages: string[]; skills: string[]; zones: string[] }[] = await app.api
      .get(DataSource)
      .query(
        `SELECT v.name, v.languages, v.skills,
                COALESCE(array_agg(z.code ORDER BY z.code) FILTER (WHERE z.code IS NOT NULL), '{}') AS zones
           FROM volunteers v LEFT JOIN volunteer_zones vz ON vz.volunteers_id = v.id
           LEFT JOIN zones z ON z.id = vz.zones_id
          WHERE v.phone = $1 GROUP BY v.id`,
        [phone],
      );
    return rows[0];
  };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.tokenFor(StaffRole.ADMIN);
    const zone = async (code: string) => {
      const created = await app.graphql<{ createZone: { id: string } }>(
        'mutation Zone($input: CreateZoneInput!) { createZone(input: $input) { id } }',
        { input: { code, name: code } },
        admin,
      );
      return created.data!.createZone.id;
    };
    zoneA = await zone('ZONEA');
    await zone('ZONEB');
    coordinatorA = await app.tokenFor(StaffRole.COORDINATOR, { zoneIds: [zoneA] });
    expect(
      await importAs(
        admin,
        'Bea in B,+14145556002,es;en,ZONEB,medic',
        'Two Zones,+14145556003,en,ZONEA|ZONEB,driver',
        'Alma in A,+14145556004,es;en,ZONEA,childcare',
      ),
    ).toMatchObject({ created: 3, errors: [] });
  });
  afterAll(() => app.close());

  it("refuses a zone-limited coordinator's row for a volunteer outside their zones, without saying it exists", async () => {
    const result = await importAs(coordinatorA, 'Renamed by A,+14145556002,en,ZONEA,driver');
    expect(result).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: [{ row: 2, field: 'phone', message: NOT_AVAILABLE }],
    });
    expect(await stored('+14145556002')).toEqual({
      name: 'Bea in B',
      languages: ['es', 'en'],
      skills: ['MEDIC'],
      zones: ['ZONEB'],
    });
    // The same words createVolunteer gives that coordinator for that number.
    const created = await app.graphql(
      'mutation ($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }',
      { input: { name: 'X', phone: '+14145556002', zoneIds: [zoneA] } },
      coordinatorA,
    );
    expect(created.errors?.[0]?.extensions?.fields).toEqual([{ field: 'phone', message: NOT_AVAILABLE }]);
  });

  it('keeps the zones a zone-limited coordinator cannot see when they update a two-zone volunteer', async () => {
    const result = await importAs(coordinatorA, 'Two Zones Renamed,+14145556003,en,ZONEA,driver');
    expect(result).toMatchObject({ updated: 1, errors: [] });
    expect(await stored('+14145556003')).toMatchObject({
      name: 'Two Zones Renamed',
      zones: ['ZONEA', 'ZONEB'],
    });
  });

  it('refuses rows of a zone-limited coordinator with no zone for a new number, or a zone not theirs', async () => {
    const result = await importAs(
      coordinatorA,
      'No Zone,+14145556010,en,,',
      'Alma in A,+14145556004,es;en,ZONEB,childcare',
      'Other Zone,+14145556011,en,ZONEB,',
    );
    expect(result).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: [
        { row: 2, field: 'zones', message: 'must be within the zones you coordinate' },
        { row: 3, field: 'zones', message: 'must be within the zones you coordinate' },
        { row: 4, field: 'zones', message: 'must be within the zones you coordinate' },
      ],
    });
    expect(await stored('+14145556004')).toMatchObject({ zones: ['ZONEA'] });
  });

  it("leaves the stored zones for a zone-limited coordinator's blank zones cell on a volunteer of theirs", async () => {
    const result = await importAs(coordinatorA, 'Alma Renamed,+14145556004,es;en,,childcare');
    expect(result).toEqual({ created: 0, updated: 1, unchanged: 0, errors: [] });
    expect(await stored('+14145556004')).toMatchObject({ name: 'Alma Renamed', zones: ['ZONEA'] });
  });

  it('leaves what is stored for a blank zones, languages or skills cell', async () => {
    const result = await importAs(admin, 'Bea Renamed,+14145556002,,,', 'New Nobody,+14145556020,,,');
    expect(result).toMatchObject({ created: 1, updated: 1, errors: [] });
    expect(await stored('+14145556002')).toEqual({
      name: 'Bea Renamed',
      languages: ['es', 'en'],
      skills: ['MEDIC'],
      zones: ['ZONEB'],
    });
    // A new volunteer gets what createVolunteer would give.
    expect(await stored('+14145556020')).toEqual({
      name: 'New Nobody',
      languages: ['en'],
      skills: [],
      zones: [],
    });
  });

  it('checks names, languages and skills as createVolunteer does', async () => {
    const result = await importAs(
      admin,
      `${'n'.repeat(100_000)},+14145556030,en,ZONEA,`,
      `${'n'.repeat(121)},+14145556031,en,ZONEA,`,
      `${'n'.repeat(120)},+14145556032,en,ZONEA,`,
      'Bad Language,+14145556033,klingon,ZONEA,',
      'Bad Skill,+14145556034,en,ZONEA,juggling',
    );
    expect(result).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      errors: [
        { row: 2, field: 'name', message: 'must be at most 120 characters' },
        { row: 3, field: 'name', message: 'must be at most 120 characters' },
        { row: 5, field: 'languages', message: 'must hold language codes such as en or es' },
        { row: 6, field: 'skills', message: 'must hold skills such as DRIVER or MEDIC' },
      ],
    });
  });
});
