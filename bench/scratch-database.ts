import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { useDevServices } from '../src/cli/dev-services.js';
import { loadConfig, type AppConfig } from '../src/config/config.js';
import { runMigrations } from '../src/database/run-migrations.js';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` against a freshly migrated scratch database, dropped afterwards whatever happens. PostgreSQL comes
 * from DATABASE_URL (its server gets the scratch database), or is found or started as for `npm run dev`.
 */
export async function withScratchDatabase(
  work: (config: AppConfig, database: string) => Promise<void>,
): Promise<void> {
  const services = { ...process.env };
  await useDevServices(services, (line) => process.stderr.write(`${line}\n`));
  const serverUrl = services.DATABASE_URL!;
  const database = `vecino_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${database}"`);
  try {
    const config = loadConfig({
      DATABASE_URL: withDatabase(serverUrl, database),
      REDIS_URL: services.REDIS_URL!,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    await runMigrations(config.databaseUrl, () => undefined);
    await work(config, database);
  } finally {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}
