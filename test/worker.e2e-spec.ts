import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { HEARTBEAT_JOB, MAINTENANCE_QUEUE } from '../src/maintenance/maintenance.queue.js';
import { REDIS, redisKey } from '../src/redis/redis.module.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('worker', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  });
  afterAll(() => app.close());

  it('consumes a heartbeat job that the API enqueues', async () => {
    const enqueuedAt = Date.now();
    const queue = app.api.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
    const job = await queue.add(HEARTBEAT_JOB, {});

    let state = await job.getState();
    for (let attempt = 0; state !== 'completed' && state !== 'failed' && attempt < 100; attempt++) {
      await new Promise((done) => setTimeout(done, 100));
      state = await job.getState();
    }
    expect(state).toBe('completed');

    const finished = await queue.getJob(job.id!);
    const at = (finished?.returnvalue as { at: string } | undefined)?.at;
    expect(Date.parse(at ?? '')).toBeGreaterThanOrEqual(enqueuedAt - 1000);

    const heartbeat = await app.api.get<Redis>(REDIS).get(redisKey(app.config, 'worker', 'heartbeat'));
    expect(Date.parse(heartbeat ?? '')).toBeGreaterThanOrEqual(enqueuedAt - 1000);
  });
});
