import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import dotenv from 'dotenv';
import { createApi } from './bootstrap.js';
import { createWorker } from './worker-bootstrap.js';
import { useDevServices } from './cli/dev-services.js';
import { consoleDevServer } from './console/console-dev-server.js';
import { loadConfigOrExit } from './config/load-env.js';
import { runMigrations } from './database/run-migrations.js';
import { DEMO_ADMIN, DEMO_TRAINER, describeDemoSeed, seedDemo } from './seed/demo-seed.js';

/**
 * `npm run dev`: everything on one laptop in one process. A `.env` (written from `.env.example` on the first
 * run), PostgreSQL and Redis (found or started), migrations, the demo seed, then the API and the worker side by
 * side. Ctrl-C (SIGINT) or SIGTERM closes both: each app's shutdown hooks close it, and the process ends when
 * the last one is done.
 */

const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);

/** A first `.env` from the example, with secrets of its own; an existing `.env` is never touched. */
async function ensureDotEnv(): Promise<void> {
  const example = await readFile('.env.example', 'utf8');
  const secrets: Record<string, string> = {
    JWT_SECRET: randomBytes(48).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const filled = example.replace(/^(JWT_SECRET|DATA_ENCRYPTION_KEY)=$/gm, (_line, name: string) => {
    return `${name}=${secrets[name]}`;
  });
  try {
    // `wx`: only when there is no .env yet, even if another `npm run dev` races this one.
    await writeFile('.env', filled, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  say('wrote .env from .env.example with a new random JWT_SECRET and DATA_ENCRYPTION_KEY.');
  say('  Keep .env private, and keep DATA_ENCRYPTION_KEY: without it stored addresses cannot be read.');
}

await ensureDotEnv();
dotenv.config({ quiet: true });

await useDevServices(process.env, say);
const config = loadConfigOrExit();

await runMigrations(config.databaseUrl, say);
const consoleDev = await consoleDevServer();
const api = await createApi(config, { consoleAssets: consoleDev.middleware });
// Nest holds log lines back until the app listens; printed now, they keep their place among the runner's own.
api.flushLogs();
for (const line of describeDemoSeed(await seedDemo(api))) say(line);
try {
  await api.listen(config.port);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  process.stderr.write(`[dev] port ${config.port} is in use: stop what uses it, or set PORT in .env\n`);
  await api.close();
  process.exit(1);
}
await createWorker(config);
// Vite's file watcher and hot-reload socket are not Nest's to close.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void consoleDev.close());

// performance.now() counts from the start of the process, module loading included.
const seconds = (performance.now() / 1000).toFixed(1);
say(`ready in ${seconds} s: API and worker running (SMS transport: ${config.smsTransport})`);
say(`console:  http://localhost:${config.port}/console/ (hot reload)`);
say(`GraphQL:  http://localhost:${config.port}/graphql`);
say(`log in:   ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
say(`trainer:  ${DEMO_TRAINER.email} / ${DEMO_TRAINER.password}`);
say('Ctrl-C stops both.');
