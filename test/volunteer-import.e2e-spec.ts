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
  { row: 8, field: 'skills', message: 'unknown skill JUGGLING' },
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
