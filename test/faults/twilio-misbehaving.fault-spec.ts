import { FaultHarness } from './fault-harness.js';

const RECIPIENTS = 300;
const RATE = 20;
/** Numbers Twilio refuses for good (21211, invalid To). */
const PERMANENTLY_REFUSED = 10;

/** The most requests the fake received within any window [t, t + 1000 ms). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('Twilio answering 429s, 500s and slowly during a broadcast', () => {
  const harness = new FaultHarness({ SMS_RATE_PER_SECOND: String(RATE), SMS_RETRY_BASE_MS: '100' });

  beforeAll(() => harness.open());
  afterAll(() => harness.close());

  it('sends everything retryable in the end, never retries a permanent refusal, and keeps to the rate', async () => {
    const phones = await harness.seedVolunteers(RECIPIENTS);
    const refused = phones.slice(0, PERMANENTLY_REFUSED);
    for (const phone of refused) harness.fake.failFor(phone, { status: 400, code: 21211 });
    harness.fake.injectFaults({
      rateLimitedShare: 0.3,
      serverErrorShare: 0.1,
      slowShare: 0.05,
      slowMs: 2000,
    });
    await harness.startWorker();
    const broadcastId = await harness.sendBroadcast();

    const counts = await harness.allFinal(broadcastId, RECIPIENTS, 180_000);
    expect(counts).toEqual({ SENT: RECIPIENTS - PERMANENTLY_REFUSED, FAILED: PERMANENTLY_REFUSED });
    const failed: { phone: string; error_code: string }[] = await harness.dataSource.query(
      `SELECT phone, error_code FROM messages WHERE broadcast_id = $1 AND status = 'FAILED'`,
      [broadcastId],
    );
    expect(failed.map((row) => row.phone).sort()).toEqual([...refused].sort());
    expect(new Set(failed.map((row) => row.error_code))).toEqual(new Set(['21211']));

    const received = harness.fake.received;
    const answers = (status: number) =>
      received.filter((request) => request.response.status === status).length;
    process.stderr.write(
      `fake Twilio got ${received.length} requests: ${answers(201)} accepted, ${answers(429)} × 429, ` +
        `${answers(500)} × 500, ${answers(400)} × 400; busiest second ${busiestSecond(received.map((r) => r.at.getTime()))}\n`,
    );
    // A permanent refusal is the last request for its number: never tried again.
    for (const phone of refused) {
      const requests = received.filter((request) => request.to === phone);
      expect(requests.filter((request) => request.response.status === 400)).toHaveLength(1);
      expect(requests.at(-1)?.response.status).toBe(400);
    }
    expect(harness.duplicatesAccepted()).toBe(0);
    expect(answers(429)).toBeGreaterThan(0);
    expect(answers(500)).toBeGreaterThan(0);
    // Every request counts, refused or not; 10 % above the rate allows for requests bunching on their way.
    expect(busiestSecond(received.map((request) => request.at.getTime()))).toBeLessThanOrEqual(RATE * 1.1);
  });
});
