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
      info: { postgres: { status: 'up' } },
      redis: { status: 'up' },
    });
  });

  it('stays ready while Redis is down (PostgreSQL decides), showing Redis degraded in the body and /metrics', async () => {
    await redis.stop();
    const started = performance.now();
    const down = await app.http().get('/health/ready');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' } },
      redis: { status: 'degraded', message: expect.any(String) },
    });
    const metrics = await waitFor(
      () =>
        app
          .http()
          .get('/metrics')
          .then((response) => response.text),
      (text) => /^vecino_redis_degraded 1$/m.test(text),
      { timeoutMs: 5000, intervalMs: 100 },
    );
    expect(metrics).toMatch(/^# HELP vecino_redis_degraded /m);
    expect((await app.http().get('/health/live')).status).toBe(200);

    await redis.start();
    // ioredis reconnects on its own schedule.
    const redisStatus = await waitFor(
      () =>
        app
          .http()
          .get('/health/ready')
          .then((response) => response.body.redis?.status),
      (status) => status === 'up',
      { timeoutMs: 5000, intervalMs: 100 },
    );
    expect(redisStatus).toBe('up');
    expect((await app.http().get('/metrics')).text).toMatch(/^vecino_redis_degraded 0$/m);
  });
});
