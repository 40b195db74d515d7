import { loadConfig } from '../config/config.js';
import { runMigrations } from '../database/run-migrations.js';
import { EXIT_OK, parseOptions, type CliIo } from './command.js';

/** `migrate`: what the servers do on start outside production, for deployments that migrate as a step. */
export async function migrate(args: string[], io: CliIo): Promise<number> {
  parseOptions(args, []);
  const config = loadConfig(io.env);
  let applied = 0;
  await runMigrations(config.databaseUrl, (line) => {
    applied++;
    io.print(line);
  });
  if (applied === 0) io.print('migrations: up to date');
  return EXIT_OK;
}
