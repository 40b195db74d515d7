import { parseVolunteerCsv, type VolunteerCsvRow } from './volunteer-csv.js';

const HEADER = 'name,phone,languages,zones,skills';

describe('parseVolunteerCsv', () => {
  it('reads rows, normalizing languages, zones and skills', () => {
    const csv = [
      HEADER,
      'Ana Ruiz,(414) 286-2000,EN;Español,southside|bayview,driver; rapid response',
      'Tou Vang,+1 414 286 2001,Hmong | english,NEAR-WEST,has-car|CHILDCARE',
    ].join('\n');

    expect(parseVolunteerCsv(csv)).toEqual({
      rows: [
        {
          rowNumber: 2,
          name: 'Ana Ruiz',
          phone: '(414) 286-2000',
          languages: ['en', 'es'],
          zones: ['SOUTHSIDE', 'BAYVIEW'],
          skills: ['DRIVER', 'RAPID_RESPONSE'],
        },
        {
          rowNumber: 3,
          name: 'Tou Vang',
          phone: '+1 414 286 2001',
          languages: ['hmn', 'en'],
          zones: ['NEAR-WEST'],
          skills: ['HAS_CAR', 'CHILDCARE'],
        },
      ],
      errors: [],
    });
  });

  it.each<[string, string, Partial<VolunteerCsvRow>]>([
    ['Spanish and English names', 'A,1,Spanish|English,,', { languages: ['es', 'en'] }],
    ['Spanish names of languages', 'A,1,inglés;ESPAÑOL,,', { languages: ['en', 'es'] }],
    ['unknown language codes, lower-cased', 'A,1,FR;so,,', { languages: ['fr', 'so'] }],
    [
      'commas inside a quoted cell',
      'A,1,"en, es",,"driver, has car"',
      { languages: ['en', 'es'], skills: ['DRIVER', 'HAS_CAR'] },
    ],
    ['duplicates once', 'A,1,en;EN;English,Z;z,', { languages: ['en'], zones: ['Z'] }],
    ['empty multi-valued cells as empty lists', 'A,1,,,', { languages: [], zones: [], skills: [] }],
    [
      'padding around values',
      '  Ana  ,  414 286 2000 , en ; es ,  , ',
      { name: 'Ana', phone: '414 286 2000', languages: ['en', 'es'] },
    ],
    ['a quoted line break in a cell', '"Ana\nRuiz",1,,,', { name: 'Ana\nRuiz' }],
  ])('reads %s', (_label, line, expected) => {
    const { rows, errors } = parseVolunteerCsv(`${HEADER}\n${line}\n`);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject(expected);
  });

  it('accepts any header order and case, extra columns, a BOM and CRLF line endings', () => {
    const csv =
      '\uFEFF Skills ,ZONES,Notes,Phone,NAME,Languages\r\nmedic,NORTH,call after 5,4142862000,Ana,es\r\n';

    expect(parseVolunteerCsv(csv)).toEqual({
      rows: [
        {
          rowNumber: 2,
          name: 'Ana',
          phone: '4142862000',
          languages: ['es'],
          zones: ['NORTH'],
          skills: ['MEDIC'],
        },
      ],
      errors: [],
    });
  });

  it('skips blank rows but keeps numbering rows as the spreadsheet does', () => {
    const csv = [HEADER, 'Ana,1,,,', '', ',,,,', '"Multi\nline",2,,,', 'Luis,3,,,'].join('\n');

    expect(parseVolunteerCsv(csv).rows.map((row) => [row.rowNumber, row.name])).toEqual([
      [2, 'Ana'],
      [5, 'Multi\nline'],
      [6, 'Luis'],
    ]);
  });

  it.each([
    [
      'a missing column',
      'name,phone,languages,skills',
      [{ row: 1, field: 'zones', message: 'missing column "zones"' }],
    ],
    [
      'two missing columns',
      'Nombre,phone,languages,zones',
      [
        { row: 1, field: 'name', message: 'missing column "name"' },
        { row: 1, field: 'skills', message: 'missing column "skills"' },
      ],
    ],
  ])('reports %s on the header row and reads no rows', (_label, header, expectedErrors) => {
    expect(parseVolunteerCsv(`${header}\nAna,1,en,Z,\nLuis,2,es,Z,\n`)).toEqual({
      rows: [],
      errors: expectedErrors,
    });
  });

  it('reports every required column of an empty file', () => {
    expect(parseVolunteerCsv('').errors.map((error) => [error.row, error.field])).toEqual([
      [1, 'name'],
      [1, 'phone'],
      [1, 'languages'],
      [1, 'zones'],
      [1, 'skills'],
    ]);
  });

  it('reports an empty name or phone with the row and leaves that row out', () => {
    const csv = [HEADER, ' ,4142862000,en,,', 'Ana,,en,,', 'Luis,4142862001,es,,', ',,es,,'].join('\n');

    const { rows, errors } = parseVolunteerCsv(csv);

    expect(rows.map((row) => row.name)).toEqual(['Luis']);
    expect(errors).toEqual([
      { row: 2, field: 'name', message: 'name is required' },
      { row: 3, field: 'phone', message: 'phone is required' },
      { row: 5, field: 'name', message: 'name is required' },
      { row: 5, field: 'phone', message: 'phone is required' },
    ]);
  });

  it('reports an unclosed quote on the row where it opens, keeping the rows before it', () => {
    const csv = [HEADER, 'Ana,1,en,,', 'Luis,"2,es,,', 'Maria,3,es,,'].join('\r\n');

    const { rows, errors } = parseVolunteerCsv(csv);

    expect(rows.map((row) => row.name)).toEqual(['Ana']);
    expect(errors).toEqual([
      { row: 3, field: 'csv', message: 'malformed CSV: a quoted cell is never closed' },
    ]);
  });

  it('keeps stray quotes inside an unquoted cell', () => {
    const { rows, errors } = parseVolunteerCsv(`${HEADER}\nMaria "Mary" Lopez,1,,,\n`);

    expect(errors).toEqual([]);
    expect(rows[0]?.name).toBe('Maria "Mary" Lopez');
  });

  it('reads a 20,000-row spreadsheet', () => {
    const lines = [HEADER];
    for (let i = 0; i < 20_000; i++) {
      lines.push(
        `Volunteer ${i},+1 414 ${String(2_000_000 + i).padStart(7, '0')},en;es,ZONE_${i % 40},driver|has car`,
      );
    }

    const { rows, errors } = parseVolunteerCsv(lines.join('\r\n'));

    expect(errors).toEqual([]);
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]).toEqual({
      rowNumber: 20_001,
      name: 'Volunteer 19999',
      phone: '+1 414 2019999',
      languages: ['en', 'es'],
      zones: ['ZONE_39'],
      skills: ['DRIVER', 'HAS_CAR'],
    });
  });
});
