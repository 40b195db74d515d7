import { loadDatabaseConfig } from '../config/config.js';
import { runMigrations } from '../database/run-migrations.js';
import { EXIT_OK, type CliIo } from './command.js';

/**
 * `migrate`: what the servers do on start outside production, for deployments that migrate as a step. Needs
 * DATABASE_URL only.
 */
export async function migrate(_input: unknown, io: CliIo): Promise<number> {
  const config = loadDatabaseConfig(io.env);
  let applied = 0;
  await runMigrations(config.databaseUrl, (line) => {
    applied++;
    io.print(line);
  });
  if (applied === 0) io.print('migrations: up to date');
  return EXIT_OK;
}
