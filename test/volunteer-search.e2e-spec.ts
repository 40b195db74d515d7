import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { Volunteer } from '../src/volunteers/volunteer.entity.js';
import { NAME_SEARCH } from '../src/volunteers/volunteers.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LIST = `query List($filter: VolunteerFilter) {
  volunteers(filter: $filter, first: 100) { totalCount edges { node { name } } }
}`;

const NAMES = ['María Núñez', 'MARÍA PEÑA', 'José Álvarez', 'Jose Pena', 'Zoë Çelik', 'Mario 50% Ruiz'];

describe('volunteer search ignores accents and case', () => {
  let app: TestApp;
  let coordinator: string;
  let trainer: string;

  const found = async (search: string, token = coordinator): Promise<string[]> => {
    const response = await app.graphql<{ volunteers: { edges: { node: { name: string } }[] } }>(
      LIST,
      { filter: { search } },
      token,
    );
    expect(response.errors).toBeUndefined();
    return (response.data?.volunteers.edges.map((edge) => edge.node.name) ?? []).sort();
  };

  beforeAll(async () => {
    app = await startTestApp();
    const admin = await app.tokenFor(StaffRole.ADMIN);
    coordinator = await app.tokenFor(StaffRole.COORDINATOR);
    trainer = await app.tokenFor(StaffRole.TRAINER);
    for (const [index, name] of NAMES.entries()) {
      const created = await app.graphql(
        `mutation Create($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
        { input: { name, phone: `(414) 286-${5100 + index}`, zoneIds: [] } },
        admin,
      );
      expect(created.errors).toBeUndefined();
    }
  });
  afterAll(() => app.close());

  it('finds "María" and "MARÍA" from "maria", and "José" from "jose"', async () => {
    expect(await found('maria')).toEqual(['MARÍA PEÑA', 'María Núñez']);
    expect(await found('MARIA')).toEqual(['MARÍA PEÑA', 'María Núñez']);
    expect(await found('María')).toEqual(['MARÍA PEÑA', 'María Núñez']);
    expect(await found('jose')).toEqual(['Jose Pena', 'José Álvarez']);
    expect(await found('álvarez')).toEqual(['José Álvarez']);
    expect(await found('zoe celik')).toEqual(['Zoë Çelik']);
  });

  it('folds ñ into n, both ways: "pena" finds "Peña", and "peña" finds "Pena"', async () => {
    // unaccent treats ñ as an accented n. For finding a person that is the forgiving choice: a coordinator
    // typing on an English keyboard finds "Peña", at the price of "peña" also finding "Pena".
    expect(await found('pena')).toEqual(['Jose Pena', 'MARÍA PEÑA']);
    expect(await found('PEÑA')).toEqual(['Jose Pena', 'MARÍA PEÑA']);
    expect(await found('nunez')).toEqual(['María Núñez']);
  });

  it('still takes % and _ literally, and still searches phones for roles that may read them', async () => {
    expect(await found('50%')).toEqual(['Mario 50% Ruiz']);
    expect(await found('_')).toEqual([]);
    expect(await found('286-5102')).toEqual(['José Álvarez']);
    expect(await found('2865102', trainer)).toEqual([]);
  });

  it('is a condition the trigram index can serve', async () => {
    const dataSource = app.api.get(DataSource);
    const [sql, parameters] = dataSource
      .createQueryBuilder()
      .select('v.id')
      .from(Volunteer, 'v')
      .where(NAME_SEARCH, { namePattern: '%maria%' })
      .getQueryAndParameters();
    // With six rows a scan is cheapest; forbidding it shows whether the index matches the expression at all.
    const plan = await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await manager.query(`EXPLAIN ${sql}`, parameters);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('IDX_volunteers_name_search');
  });
});
