import { DataSource } from 'typeorm';
import { loadDatabaseConfig } from '../config/config.js';
import { typeormOptions } from '../database/typeorm-options.js';
import { EXIT_OK, type CliIo } from './command.js';

/** `migrate:revert`: undoes the most recent migration, one per call. Needs DATABASE_URL only. */
export async function revertLastMigration(_input: unknown, io: CliIo): Promise<number> {
  const config = loadDatabaseConfig(io.env);
  const dataSource = await new DataSource(typeormOptions(config.databaseUrl, 1)).initialize();
  try {
    const tableExists: { exists: boolean }[] = await dataSource.query(
      `SELECT to_regclass('migrations') IS NOT NULL AS exists`,
    );
    const [last]: { name: string }[] = tableExists[0]?.exists
      ? await dataSource.query('SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1')
      : [];
    if (!last) {
      io.print('no migration to revert');
      return EXIT_OK;
    }
    await dataSource.undoLastMigration({ transaction: 'each' });
    io.print(`migration reverted: ${last.name}`);
    return EXIT_OK;
  } finally {
    await dataSource.destroy();
  }
}
