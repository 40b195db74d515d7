import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options.js';

/** Arbitrary constant: the advisory lock that keeps two starting processes from migrating at once. */
const MIGRATION_LOCK = 0x7ec1_0001;

export async function runMigrations(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const dataSource = await new DataSource(typeormOptions(databaseUrl, 1)).initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) log(`migration applied: ${migration.name}`);
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await dataSource.destroy();
  }
}
