import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait.js';

describe('health', () => {
  let app: TestApp;
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    app = await startTestApp({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    try {
      // A Redis again, so that the app's queue connections can close cleanly.
      await redis?.start();
    } finally {
      await app?.close();
      await redis?.stop();
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
    await redis.stop();
    const down = await app.http().get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { redis: { status: 'down' } },
      details: { postgres: { status: 'up' }, redis: { status: 'down' } },
    });
    expect((await app.http().get('/health/live')).status).toBe(200);

    await redis.start();
    // ioredis reconnects on its own schedule.
    const readyStatus = await waitFor(
      () =>
        app
          .http()
          .get('/health/ready')
          .then((response) => response.status),
      (status) => status === 200,
      { timeoutMs: 5000, intervalMs: 100 },
    );
    expect(readyStatus).toBe(200);
  });
});
