import { Redis } from 'ioredis';
import { currentTestRun, withAdminClient } from './test-run.js';

/** Drops every database and Redis key this run made, including those of files that crashed. */
export default async function globalTeardown(): Promise<void> {
  const run = currentTestRun();
  await withAdminClient(run.adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`vecino\\_${run.runId}\\_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  const redis = new Redis(run.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `vecino-${run.runId}-*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
