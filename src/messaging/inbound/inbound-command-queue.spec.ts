import type { InboundSmsService } from './inbound-sms.service.js';
import {
  INBOUND_COMMAND_CONCURRENCY,
  InboundCommandQueue,
  MAX_WAITING_INBOUND_COMMANDS,
} from './inbound-command-queue.js';

/**
 * The queue's own rules, with a command runner the test holds: a few commands at once, a bound on those waiting
 * (beyond it a text is left to the retry sweep), failures kept inside, and a shutdown that lets running commands
 * finish and drops the waiting ones (they stay unprocessed in the database for the sweep).
 */
describe('InboundCommandQueue', () => {
  const heldRunner = () => {
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const runner = {
      process: (messageId: string) => {
        started.push(messageId);
        return new Promise<void>((resolve) => releases.push(resolve));
      },
    } as unknown as InboundSmsService;
    const releaseAll = () => releases.splice(0).forEach((release) => release());
    return { runner, started, releaseAll };
  };
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at most INBOUND_COMMAND_CONCURRENCY commands at once, the rest in order after', async () => {
    const { runner, started, releaseAll } = heldRunner();
    const queue = new InboundCommandQueue(runner);
    const ids = Array.from({ length: INBOUND_COMMAND_CONCURRENCY + 3 }, (_, index) => `m${index}`);
    for (const id of ids) queue.enqueue(id);
    await tick();
    expect(started).toEqual(ids.slice(0, INBOUND_COMMAND_CONCURRENCY));
    while (started.length < ids.length) {
      releaseAll();
      await tick();
    }
    expect(started).toEqual(ids);
    releaseAll();
    await queue.drained();
  });

  it('leaves texts beyond MAX_WAITING_INBOUND_COMMANDS to the retry sweep', async () => {
    const { runner, started, releaseAll } = heldRunner();
    const queue = new InboundCommandQueue(runner);
    const total = INBOUND_COMMAND_CONCURRENCY + MAX_WAITING_INBOUND_COMMANDS + 5;
    for (let index = 0; index < total; index++) queue.enqueue(`m${index}`);
    // Release what runs until nothing new starts: every text that was queued has then run.
    let seen = -1;
    while (started.length !== seen) {
      seen = started.length;
      releaseAll();
      await tick();
    }
    releaseAll();
    await queue.drained();
    expect(started).toHaveLength(INBOUND_COMMAND_CONCURRENCY + MAX_WAITING_INBOUND_COMMANDS);
    expect(started).not.toContain(`m${total - 1}`);
  });

  it('keeps a failing command inside: the next ones still run', async () => {
    const ran: string[] = [];
    const runner = {
      process: async (messageId: string) => {
        ran.push(messageId);
        if (messageId === 'bad') throw new Error('boom');
      },
    } as unknown as InboundSmsService;
    const queue = new InboundCommandQueue(runner);
    for (const id of ['bad', 'good']) queue.enqueue(id);
    await queue.drained();
    expect(ran).toEqual(['bad', 'good']);
  });

  it('on shutdown lets running commands finish and drops the waiting ones', async () => {
    const { runner, started, releaseAll } = heldRunner();
    const queue = new InboundCommandQueue(runner);
    for (let index = 0; index < INBOUND_COMMAND_CONCURRENCY + 2; index++) queue.enqueue(`m${index}`);
    await tick();
    let shutDown = false;
    const shutdown = queue.beforeApplicationShutdown().then(() => (shutDown = true));
    await tick();
    expect(shutDown).toBe(false);
    releaseAll();
    await shutdown;
    expect(started).toHaveLength(INBOUND_COMMAND_CONCURRENCY);
  });
});
