import { resolve } from 'node:path';
import { stopLocalServices } from '../dev/local-services.js';
import { EXIT_OK, type CliIo, type CommandInput } from './command.js';
import { LOCAL_DATA_DIR, useDevServices } from './dev-services.js';

// Also imported from here by bench/broadcast.ts.
export { LOCAL_DATA_DIR };

/**
 * `services [start|stop]` (the parser allows no other action): `start` prints the URLs to put in `.env` when the
 * servers should not look for themselves.
 */
export async function services({ args: [action] }: CommandInput, io: CliIo): Promise<number> {
  if (action === 'start') {
    const env = { ...io.env };
    await useDevServices(env, io.warn);
    io.print(`DATABASE_URL=${env.DATABASE_URL}`);
    io.print(`REDIS_URL=${env.REDIS_URL}`);
    return EXIT_OK;
  }
  const dataDir = resolve(LOCAL_DATA_DIR);
  const { stoppedPostgres, stoppedRedis } = await stopLocalServices(dataDir);
  io.print(`PostgreSQL in ${dataDir}: ${stoppedPostgres ? 'stopped' : 'was not running'}`);
  io.print(`Redis in ${dataDir}: ${stoppedRedis ? 'stopped' : 'was not running'}`);
  return EXIT_OK;
}
