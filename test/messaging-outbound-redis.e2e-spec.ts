import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { configureWorker } from '../src/worker-bootstrap.js';
import { Clock } from '../src/common/clock.js';
import { Message, MessageStatus } from '../src/messaging/message.entity.js';
import { OutboundMessagesService } from '../src/messaging/outbound/outbound-messages.service.js';
import { SMS_OUTBOUND_QUEUE, sendRateLimit } from '../src/messaging/outbound/outbound.queue.js';
import { Volunteer } from '../src/volunteers/volunteer.entity.js';
import { WorkerModule } from '../src/worker.module.js';
import { FakeTwilioServer } from './fake-twilio/fake-twilio-server.js';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { TEST_TWILIO, twilioEnv } from './support/twilio-webhook.js';
import { waitFor } from './support/wait.js';

const RATE_PER_SECOND = 5;
const PATIENCE = { timeoutMs: 15_000 };

describe('outbound SMS: throughput across workers, and Redis losing its data', () => {
  const fake = new FakeTwilioServer({ accountSid: TEST_TWILIO.accountSid, authToken: TEST_TWILIO.authToken });
  const clock = new TestClock();
  // This file flushes Redis, so it runs its own redis-server rather than the shared one.
  let redis: PrivateRedis;
  let app: TestApp;
  let secondWorker: INestApplicationContext;
  let dataSource: DataSource;
  let outbound: OutboundMessagesService;
  let queue: Queue;
  let volunteers: Volunteer[];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const { baseUrl } = await fake.start();
    app = await startTestApp({
      worker: true,
      env: {
        ...twilioEnv(baseUrl),
        REDIS_URL: redis.url,
        SMS_RATE_PER_SECOND: String(RATE_PER_SECOND),
        SMS_RETRY_BASE_MS: '5',
        QUIET_HOURS: '21:00-08:00',
        // The reconciler's own timer repairs the flush below.
        OUTBOX_RECONCILE_INTERVAL_MS: '300',
      },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    // A second worker process on the same queue: the limit holds for both together.
    const workerModule = await Test.createTestingModule({ imports: [WorkerModule.register(app.config)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    secondWorker = configureWorker(workerModule);
    await secondWorker.init();

    dataSource = app.api.get(DataSource);
    outbound = app.api.get(OutboundMessagesService);
    queue = app.api.get<Queue>(getQueueToken(SMS_OUTBOUND_QUEUE), { strict: false });
    const admin = await app.tokenFor(StaffRole.ADMIN);
    volunteers = [];
    for (let index = 0; index < 16; index++) {
      const created = await app.graphql<{ createVolunteer: { id: string } }>(
        `mutation Create($input: CreateVolunteerInput!) { createVolunteer(input: $input) { id } }`,
        { input: { name: `Volunteer ${index}`, phone: `+1414286${5000 + index}` } },
        admin,
      );
      volunteers.push(
        await dataSource.getRepository(Volunteer).findOneByOrFail({ id: created.data!.createVolunteer.id }),
      );
    }
  });

  afterAll(async () => {
    await secondWorker?.close();
    await app?.close();
    await fake.close();
    await redis?.stop();
  });

  it(`sends at most ${RATE_PER_SECOND} texts a second across two workers`, async () => {
    clock.standAt(12, app.config.networkTimezone);
    const messages = await outbound.send(
      volunteers.map((to) => ({
        volunteerId: to.id,
        phone: to.phone,
        body: 'Pantry opens at 9',
        urgent: true,
      })),
    );
    await waitFor(
      async () => fake.received.length,
      (count) => count === messages.length,
      PATIENCE,
    );
    // BullMQ's limiter admits RATE_PER_SECOND jobs per 1000 ms window, counted when a worker takes a job: any
    // RATE_PER_SECOND + 1 consecutive starts span a window, and 16 texts need four windows.
    const jobs = await Promise.all(messages.map((message) => queue.getJob(message.id)));
    const started = jobs.map((job) => job!.processedOn!).sort((a, b) => a - b);
    for (let index = RATE_PER_SECOND; index < started.length; index++) {
      expect(started[index] - started[index - RATE_PER_SECOND]).toBeGreaterThanOrEqual(950);
    }
    expect(started.at(-1)! - started[0]).toBeGreaterThanOrEqual(2850);
    const requested = fake.received.map((request) => request.at.getTime());
    expect(Math.max(...requested) - Math.min(...requested)).toBeGreaterThanOrEqual(2500);
    expect(await queue.getGlobalRateLimit()).toEqual(sendRateLimit(RATE_PER_SECOND));
  });

  it('recovers every queued text after FLUSHALL on its own timer: jobs, delays and the rate limit come back', async () => {
    fake.reset();
    clock.standAt(23, app.config.networkTimezone);
    const [first, second, third] = volunteers;
    const deferred = await outbound.send([
      { volunteerId: first.id, phone: first.phone, body: 'Tomorrow morning' },
      { volunteerId: second.id, phone: second.phone, body: 'Tomorrow morning' },
    ]);
    const [unsent] = await dataSource.transaction((manager) =>
      outbound.record(manager, [{ volunteerId: third.id, phone: third.phone, body: 'Urgent', urgent: true }]),
    );
    expect(await queue.getJob(deferred[0].id).then((job) => job?.getState())).toBe('delayed');

    await redis.flushAll();
    // From here the reconciler's timer (every 300 ms) brings back what the flush took.
    clock.advance(60_000);
    for (const message of deferred) {
      const job = await waitFor(
        () => queue.getJob(message.id),
        (found) => found !== undefined,
        PATIENCE,
      );
      expect(await job!.getState()).toBe('delayed');
      expect(job!.timestamp + job!.delay).toBeGreaterThan(Date.now() + 8 * 3600_000);
    }
    await waitFor(
      () => dataSource.getRepository(Message).findOneByOrFail({ id: unsent.id }),
      (message) => message.status === MessageStatus.SENT,
      PATIENCE,
    );
    expect(fake.received.map((request) => request.body)).toEqual(['Urgent']);
    expect(await queue.getGlobalRateLimit()).toEqual(sendRateLimit(RATE_PER_SECOND));
  });
});
