import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { currentTestRun } from '../../test/support/test-run.js';
import { PeriodicTask } from './periodic-task.js';

const EVERY_MS = 200;

/** A PeriodicTask whose run is whatever the test gives it. */
class TaskOf extends PeriodicTask {
  constructor(
    redis: Redis,
    lockKey: string,
    everyMs: number,
    private readonly work: () => Promise<unknown>,
  ) {
    super('PeriodicTaskSpec', everyMs, redis, lockKey);
  }

  protected runOnce(): Promise<unknown> {
    return this.work();
  }
}

describe('PeriodicTask (against the test run’s Redis)', () => {
  const keyPrefix = `vecino-test:periodic-task:${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  const started: PeriodicTask[] = [];

  /** A task whose lock is `lockName` under this file's prefix; stopped after each test. */
  const periodic = (lockName: string, everyMs: number, task: () => Promise<unknown>): PeriodicTask => {
    const periodicTask = new TaskOf(redis, `${keyPrefix}:${lockName}`, everyMs, task);
    started.push(periodicTask);
    return periodicTask;
  };

  beforeAll(() => {
    redis = new Redis(currentTestRun().redisUrl, { maxRetriesPerRequest: 1 });
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((periodicTask) => periodicTask.stop()));
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('runs once per interval across two instances sharing a lock key', async () => {
    const runStarts: number[] = [];
    const recordRun = async () => runStarts.push(Date.now());
    const first = periodic('shared', EVERY_MS, recordRun);
    const second = periodic('shared', EVERY_MS, recordRun);
    first.start();
    // A quarter interval apart: without the lock, runs would come 50 ms and 150 ms apart, twelve in all.
    await sleep(EVERY_MS / 4);
    second.start();
    await sleep(EVERY_MS * 6);
    await Promise.all([first.stop(), second.stop()]);

    expect(runStarts.length).toBeGreaterThanOrEqual(3);
    expect(runStarts.length).toBeLessThanOrEqual(6);
    for (let index = 1; index < runStarts.length; index++) {
      expect(runStarts[index] - runStarts[index - 1]).toBeGreaterThan(EVERY_MS / 2);
    }
  });

  it('never starts a run while the previous one is still going', async () => {
    let inProgress = 0;
    let mostAtOnce = 0;
    let runs = 0;
    const slow = periodic('slow', 50, async () => {
      runs++;
      mostAtOnce = Math.max(mostAtOnce, ++inProgress);
      await sleep(180);
      inProgress--;
    });
    slow.start();
    await sleep(700);
    await slow.stop();

    expect(mostAtOnce).toBe(1);
    // Ticks every 50 ms, but a run takes 180: about one run in four ticks.
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(runs).toBeLessThanOrEqual(4);
  });

  it('stop() waits for the run in progress, and nothing runs after it', async () => {
    let runs = 0;
    let finished = 0;
    let signalStarted!: () => void;
    const runStarted = new Promise<void>((resolve) => (signalStarted = resolve));
    const long = periodic('stopping', 50, async () => {
      runs++;
      signalStarted();
      await sleep(300);
      finished++;
    });
    long.start();
    await runStarted;
    await long.stop();
    expect(finished).toBe(1);

    await sleep(200);
    expect(runs).toBe(1);
  });

  it('logs a failed run without its message, and runs again at the next interval', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    let runs = 0;
    const flaky = periodic('flaky', 50, async () => {
      runs++;
      // Messages can quote what failed; the log must not carry them.
      if (runs === 1) throw new TypeError('no volunteer +14145550101');
    });
    flaky.start();
    await sleep(300);
    await flaky.stop();

    // The error itself goes to the log's serializer (class and code, never the message).
    expect(logged).toHaveBeenCalledWith({
      msg: 'PeriodicTaskSpec failed: TypeError',
      err: expect.any(TypeError),
    });
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
