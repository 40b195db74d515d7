import { resolve } from 'node:path';
import { ensureLocalServices } from '../dev/local-services.js';
import type { CliIo } from './command.js';

/** Where `npm run dev` keeps the data of project-local servers. */
export const LOCAL_DATA_DIR = '.data';

/**
 * Points DATABASE_URL and REDIS_URL at the servers `npm run dev` uses: the ones they name if those answer, else
 * PostgreSQL and Redis on their conventional local ports, else a project-local pair in `.data/` (started, and
 * installed when root, if need be).
 */
export async function useDevServices(env: CliIo['env'], log: (line: string) => void): Promise<void> {
  const urls = await ensureLocalServices({
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    dataDir: resolve(LOCAL_DATA_DIR),
    log,
  });
  env.DATABASE_URL = urls.databaseUrl;
  env.REDIS_URL = urls.redisUrl;
}

/**
 * Under NODE_ENV=development, an empty DATABASE_URL (or REDIS_URL, when the command reads it) means the servers
 * `npm run dev` uses.
 */
export async function useDevServicesWhenUnset(
  env: CliIo['env'],
  servers: 'database' | 'all',
  log: (line: string) => void,
): Promise<void> {
  if (env.NODE_ENV?.trim() !== 'development') return;
  const redisMissing = servers === 'all' && !env.REDIS_URL?.trim();
  if (!env.DATABASE_URL?.trim() || redisMissing) await useDevServices(env, log);
}
