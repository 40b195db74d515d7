import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A Redis of this test's own (the shared one must never be stopped), answering PING before this resolves. */
async function startOwnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (
        await probe.connect().then(
          () => probe.ping(),
          () => null,
        )
      )
        return child;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`redis-server did not answer on port ${port}`);
  } finally {
    probe.disconnect();
  }
}

async function stopOwnRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

describe('health', () => {
  let app: TestApp;
  let port: number;
  let redis: ChildProcess;

  beforeAll(async () => {
    port = await freePort();
    redis = await startOwnRedis(port);
    app = await startTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    try {
      // A Redis again, so that the app's queue connections can close cleanly.
      if (redis.exitCode !== null || redis.signalCode !== null) redis = await startOwnRedis(port);
    } finally {
      await app?.close();
      await stopOwnRedis(redis);
    }
  });

  it('is live without checking anything', async () => {
    const response = await app.http().get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL and Redis answer', async () => {
    const response = await app.http().get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('is not ready (503, naming Redis) while Redis is down, and ready again when it is back', async () => {
    await stopOwnRedis(redis);
    const down = await app.http().get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { redis: { status: 'down' } },
      details: { postgres: { status: 'up' }, redis: { status: 'down' } },
    });
    expect((await app.http().get('/health/live')).status).toBe(200);

    redis = await startOwnRedis(port);
    let ready = await app.http().get('/health/ready');
    for (let attempt = 0; ready.status !== 200 && attempt < 50; attempt++) {
      await new Promise((done) => setTimeout(done, 100)); // ioredis reconnects on its own schedule
      ready = await app.http().get('/health/ready');
    }
    expect(ready.status).toBe(200);
  });
});
