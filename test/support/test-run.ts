import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Names shared by the global setup (which creates them) and every test file (which derives its own from them). */
export interface TestRun {
  runId: string;
  /** A URL to the maintenance database of the server the tests use, for CREATE/DROP DATABASE. */
  adminUrl: string;
  templateDatabase: string;
  redisUrl: string;
}

const KEYS = {
  runId: 'VECINO_TEST_RUN_ID',
  adminUrl: 'VECINO_TEST_ADMIN_URL',
  templateDatabase: 'VECINO_TEST_TEMPLATE_DB',
  redisUrl: 'VECINO_TEST_REDIS_URL',
} as const;

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function publishTestRun(run: TestRun): void {
  for (const [field, key] of Object.entries(KEYS)) process.env[key] = run[field as keyof TestRun];
}

export function currentTestRun(): TestRun {
  const read = (key: string): string => {
    const value = process.env[key];
    if (!value)
      throw new Error(`${key} is not set: run the tests with \`npm test\` (its global setup sets it)`);
    return value;
  };
  return {
    runId: read(KEYS.runId),
    adminUrl: read(KEYS.adminUrl),
    templateDatabase: read(KEYS.templateDatabase),
    redisUrl: read(KEYS.redisUrl),
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(
  adminUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
