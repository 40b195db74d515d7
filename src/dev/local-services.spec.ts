import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ensureLocalServices, stopLocalServices } from './local-services.js';

// Spare ports, away from the shared servers on 5432 and 6379, which this spec never uses.
const PG_PORT = 55433;
const REDIS_PORT = 63833;

async function queryOne(databaseUrl: string, sql: string): Promise<Record<string, unknown>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as Record<string, unknown>;
  } finally {
    await client.end();
  }
}

async function withRedis<T>(redisUrl: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

async function serverPids(dataDir: string): Promise<string[]> {
  const postmasterPid = (await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]!;
  const redisPid = (await readFile(join(dataDir, 'redis', 'redis.pid'), 'utf8')).trim();
  return [postmasterPid, redisPid];
}

function isListening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(true));
    server.listen(port, '127.0.0.1', () => server.close(() => done(false)));
  });
}

describe('ensureLocalServices', () => {
  let dataDir: string;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const local = () => ({
    dataDir,
    log,
    localPgPort: PG_PORT,
    localRedisPort: REDIS_PORT,
    skipConventionalDefaults: true,
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vecino-services-'));
    // As root the cluster is run by the postgres user, who must be able to enter the folder.
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    await stopLocalServices(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts a project-local PostgreSQL and Redis, reuses them, stops them and starts them again with their data', async () => {
    const urls = await ensureLocalServices(local());

    expect(urls).toEqual({
      databaseUrl: `postgres://postgres@127.0.0.1:${PG_PORT}/vecino`,
      redisUrl: `redis://127.0.0.1:${REDIS_PORT}`,
    });
    expect(await queryOne(urls.databaseUrl, 'SELECT 1 AS one, current_database() AS db')).toEqual({
      one: 1,
      db: 'vecino',
    });
    await withRedis(urls.redisUrl, async (redis) => {
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      await redis.set('vecino:kept', 'yes');
    });
    await queryOne(urls.databaseUrl, 'CREATE TABLE kept (id int)');
    const pids = await serverPids(dataDir);

    expect(await ensureLocalServices(local())).toEqual(urls);
    expect(await serverPids(dataDir)).toEqual(pids);
    expect(lines).toContain(`PostgreSQL: project-local server already running on 127.0.0.1:${PG_PORT}`);
    expect(lines).toContain(`Redis: project-local server already running on 127.0.0.1:${REDIS_PORT}`);

    expect(await stopLocalServices(dataDir)).toEqual({ stoppedPostgres: true, stoppedRedis: true });
    expect(await isListening(PG_PORT)).toBe(false);
    expect(await isListening(REDIS_PORT)).toBe(false);
    expect(await stopLocalServices(dataDir)).toEqual({ stoppedPostgres: false, stoppedRedis: false });

    expect(await ensureLocalServices(local())).toEqual(urls);
    expect(await queryOne(urls.databaseUrl, "SELECT to_regclass('kept') IS NOT NULL AS kept")).toEqual({
      kept: true,
    });
    expect(await withRedis(urls.redisUrl, (redis) => redis.get('vecino:kept'))).toBe('yes');
  });

  it('uses URLs that are given and answer, without starting anything', async () => {
    const urls = await ensureLocalServices(local());
    const otherDataDir = join(dataDir, 'unused');

    expect(
      await ensureLocalServices({
        databaseUrl: urls.databaseUrl,
        redisUrl: urls.redisUrl,
        dataDir: otherDataDir,
        log,
      }),
    ).toEqual(urls);
    await expect(readdir(otherDataDir)).rejects.toThrow('ENOENT');
  });

  it.each([
    [
      'DATABASE_URL',
      { databaseUrl: 'postgres://vecino:s3cret@127.0.0.1:1/vecino' },
      'DATABASE_URL (postgres://vecino:***@127.0.0.1:1/vecino) is not reachable',
    ],
    [
      'REDIS_URL',
      { redisUrl: 'redis://:s3cret@127.0.0.1:1' },
      'REDIS_URL (redis://:***@127.0.0.1:1) is not reachable',
    ],
  ])(
    'refuses an unreachable %s, naming it without its password, and starts nothing',
    async (_name, given, message) => {
      const unusedDataDir = join(dataDir, 'unused');
      const attempt = ensureLocalServices({ ...local(), ...given, dataDir: unusedDataDir });

      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.not.toThrow(/s3cret/);
      await expect(readdir(unusedDataDir)).rejects.toThrow('ENOENT');
    },
  );

  it('refuses to start on a port another program holds', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((done) => squatter.listen(PG_PORT + 1, '127.0.0.1', done));
    try {
      await expect(
        ensureLocalServices({ ...local(), dataDir: join(dataDir, 'other'), localPgPort: PG_PORT + 1 }),
      ).rejects.toThrow(`Port ${PG_PORT + 1} on 127.0.0.1 is taken by another program`);
    } finally {
      await new Promise((done) => squatter.close(done));
    }
  });
});
