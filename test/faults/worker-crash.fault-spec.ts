import { sendConcurrency } from '../../src/messaging/outbound/outbound.queue.js';
import { FaultHarness } from './fault-harness.js';

const RECIPIENTS = 5000;
const RATE = 1000;

describe('a worker killed with SIGKILL halfway through a broadcast', () => {
  const harness = new FaultHarness({
    SMS_RATE_PER_SECOND: String(RATE),
    // The safety net runs every second here (30 s in production), so the test needs no long waits.
    OUTBOX_RECONCILE_INTERVAL_MS: '1000',
  });

  beforeAll(() => harness.open());
  afterAll(() => harness.close());

  it('loses no text once a new worker runs, and sends at most one concurrency of texts twice', async () => {
    await harness.seedVolunteers(RECIPIENTS);
    const first = await harness.startWorker();
    const broadcastId = await harness.sendBroadcast();
    await first.waitUntil(() => harness.fake.received.length >= RECIPIENTS / 2, 600_000);
    expect(await first.signal('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const atKill = harness.fake.received.length;

    await harness.startWorker();
    // Texts the dead worker had in flight stay SENDING without SID until SEND_SETTLE_MS (30 s) has passed, then a
    // retry (BullMQ's stalled-job check or the reconciler) sends them again.
    const counts = await harness.allFinal(broadcastId, RECIPIENTS, 600_000);
    expect(counts).toEqual({ SENT: RECIPIENTS });
    const duplicates = harness.duplicatesAccepted();
    process.stderr.write(
      `worker killed after ${atKill} of ${RECIPIENTS} texts reached the fake; texts sent twice: ${duplicates} ` +
        `(worker concurrency ${sendConcurrency(RATE)})\n`,
    );
    expect(new Set(harness.fake.received.map((request) => request.to)).size).toBe(RECIPIENTS);
    expect(duplicates).toBeLessThanOrEqual(sendConcurrency(RATE));
  });
});
