import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import prepareTestRun from '../../test/support/global-setup.js';
import dropTestRun from '../../test/support/global-teardown.js';
import { runBuiltCli } from '../../test/support/built-cli.js';
import { freePort } from '../../test/support/free-port.js';
import { currentTestRun, databaseUrl, withAdminClient } from '../../test/support/test-run.js';

export const E2E_ADMIN = { email: 'e2e-admin@vecino.test', password: 'correct horse battery staple' };

/** Wide: on a loaded 2-core machine two Nest processes can take a minute or more to start. */
const START_TIMEOUT_MS = 180_000;

async function waitUntilReady(url: string, processes: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const exited = processes.find((child) => child.exitCode !== null);
    if (exited) throw new Error(`${exited.spawnargs.join(' ')} exited with ${exited.exitCode}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}/health/ready did not answer within ${START_TIMEOUT_MS / 1000} s`);
}

/**
 * As the Jest suite does: dist/ up to date, PostgreSQL and Redis found or started, a run id. Then a database of
 * its own (migrated by the CLI), an admin, and the built API and worker as separate processes on the `log` SMS
 * transport. The returned teardown stops both and drops the run's databases and Redis keys.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  await prepareTestRun();
  const run = currentTestRun();
  const database = `vecino_${run.runId}_console`;
  await withAdminClient(run.adminUrl, (client) => client.query(`CREATE DATABASE "${database}"`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: databaseUrl(run.adminUrl, database),
    REDIS_URL: run.redisUrl,
    QUEUE_PREFIX: `vecino-${run.runId}-console`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: baseUrl,
    SMS_TRANSPORT: 'log',
    QUIET_HOURS: '',
    SMS_RATE_PER_SECOND: '50',
    NETWORK_TIMEZONE: 'America/Chicago',
    LOG_LEVEL: 'error',
  };
  for (const argv of [
    ['migrate'],
    ['create-admin', '--email', E2E_ADMIN.email, '--password', E2E_ADMIN.password],
  ]) {
    const result = await runBuiltCli(argv, env);
    if (result.code !== 0) throw new Error(`cli ${argv[0]} failed: ${result.stderr}`);
  }
  const spawnBuilt = (entry: string) =>
    spawn(process.execPath, [entry], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  const processes = [spawnBuilt('dist/src/main.js'), spawnBuilt('dist/src/worker.js')];
  try {
    await waitUntilReady(baseUrl, processes);
  } catch (error) {
    for (const child of processes) child.kill('SIGTERM');
    await dropTestRun();
    throw error;
  }
  process.env.CONSOLE_E2E_URL = `${baseUrl}/console/`;
  process.env.CONSOLE_E2E_API = baseUrl;

  return async () => {
    await Promise.all(
      processes
        .filter((child) => child.exitCode === null)
        .map((child) => {
          child.kill('SIGTERM');
          return once(child, 'exit');
        }),
    );
    await dropTestRun();
  };
}
