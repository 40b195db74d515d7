import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/database/migrations.js';
import { typeormOptions } from '../src/database/typeorm-options.js';
import { queueingOverlappingQueries } from './support/pg-one-query-at-a-time.js';
import { currentTestRun, databaseUrl, withAdminClient } from './support/test-run.js';

/** Tables, types and sequences in the public schema, apart from TypeORM's own bookkeeping table. */
async function schemaObjects(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query(`
    SELECT 'table ' || table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name <> 'migrations'
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype = 'e'
    UNION ALL
    SELECT 'sequence ' || sequence_name FROM information_schema.sequences
     WHERE sequence_schema = 'public' AND sequence_name <> 'migrations_id_seq'
    ORDER BY 1`);
  return rows.map((row) => row.name);
}

describe('migrations', () => {
  const run = currentTestRun();
  // A database of its own, empty (not cloned from the run's migrated template); the run's teardown drops it too.
  const database = `vecino_${run.runId}_migrations_${randomBytes(3).toString('hex')}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    await withAdminClient(run.adminUrl, (client) => client.query(`CREATE DATABASE "${database}"`));
    dataSource = await new DataSource(typeormOptions(databaseUrl(run.adminUrl, database), 2)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await withAdminClient(run.adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    );
  });

  it('apply in order on an empty database', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((migration) => migration.name)).toEqual(
      MIGRATIONS.map((migration) => new migration().name),
    );
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('leave the schema exactly as the entities describe it', async () => {
    // TypeORM 1.1's schema builder overlaps queries on one connection (columns loaded with Promise.all).
    const diff = await queueingOverlappingQueries(() => dataSource.driver.createSchemaBuilder().log());
    // The statements TypeORM would run to make the database match the entities: none, when the two agree.
    expect(diff.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('revert one by one down to an empty schema', async () => {
    expect(await schemaObjects(dataSource)).not.toEqual([]);
    for (let remaining = MIGRATIONS.length; remaining > 0; remaining--) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      const rows: unknown[] = await dataSource.query('SELECT 1 FROM migrations');
      expect(rows).toHaveLength(remaining - 1);
    }
    expect(await schemaObjects(dataSource)).toEqual([]);
  });
});
