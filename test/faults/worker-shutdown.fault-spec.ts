import { QueueEvents } from 'bullmq';
import { FaultHarness } from './fault-harness.js';

const RECIPIENTS = 1000;
/** Each send takes this long at the fake, so that many are in flight when SIGTERM arrives. */
const TWILIO_LATENCY_MS = 300;
const EXIT_BOUND_MS = 30_000;

describe('a worker sent SIGTERM in the middle of a broadcast', () => {
  const harness = new FaultHarness({ SMS_RATE_PER_SECOND: '100' });

  beforeAll(() => harness.open());
  afterAll(() => harness.close());

  it('finishes the sends it has in flight, leaves no stalled job, exits within 30 s, and the next worker goes on', async () => {
    await harness.seedVolunteers(RECIPIENTS);
    harness.fake.responseDelayMs = TWILIO_LATENCY_MS;
    const events = new QueueEvents(harness.queue.name, {
      connection: { url: harness.redis.url },
      prefix: harness.app.config.queuePrefix,
    });
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    try {
      await events.waitUntilReady();
      const first = await harness.startWorker();
      const broadcastId = await harness.sendBroadcast();
      await first.waitUntil(() => harness.fake.received.length >= RECIPIENTS / 4, 300_000);

      const stopping = performance.now();
      // Nest closes the app on SIGTERM, then raises the signal again: the process ends by it, after the close.
      expect(await first.signal('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
      const exitMs = performance.now() - stopping;
      expect(exitMs).toBeLessThan(EXIT_BOUND_MS);
      // Every send it started finished: nothing is left SENDING, nor active in the queue.
      const afterExit = await harness.statusCounts(broadcastId);
      expect(afterExit.SENDING).toBeUndefined();
      expect(await harness.queue.getActiveCount()).toBe(0);
      process.stderr.write(
        `SIGTERM: the worker exited in ${Math.round(exitMs)} ms with ${afterExit.SENT} of ${RECIPIENTS} sent\n`,
      );

      await harness.startWorker();
      expect(await harness.allFinal(broadcastId, RECIPIENTS, 300_000)).toEqual({ SENT: RECIPIENTS });
      expect(harness.duplicatesAccepted()).toBe(0);
      expect(stalled).toEqual([]);
    } finally {
      await events.close();
    }
  });
});
