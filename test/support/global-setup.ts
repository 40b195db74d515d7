import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ensureLocalServices } from '../../src/dev/local-services.js';
import { databaseUrl, newRunId, publishTestRun } from './test-run.js';

/**
 * Once per `npm test`: build dist/ when stale, find (or start) PostgreSQL and Redis and name this run. The migrated template database
 * every test file clones is built by the first file that needs it (migrations need the ESM app code).
 */
export default async function globalSetup(): Promise<void> {
  // Some tests spawn the built processes (dist/): bring it up to date once here, not racing builds in parallel files.
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { stdio: 'inherit' });
  const services = await ensureLocalServices({
    databaseUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL,
    redisUrl: process.env.TEST_REDIS_URL ?? process.env.REDIS_URL,
    dataDir: path.resolve('.data'),
    log: (line) => process.stderr.write(`[test services] ${line}\n`),
  });
  const runId = newRunId();
  publishTestRun({
    runId,
    adminUrl: databaseUrl(services.databaseUrl, 'postgres'),
    templateDatabase: `vecino_${runId}_tpl`,
    redisUrl: services.redisUrl,
  });
}
