import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

export interface WaitOptions {
  /** How long to keep trying before failing; 10 s unless told. */
  timeoutMs?: number;
  /** The pause between two probes; 25 ms unless told. */
  intervalMs?: number;
}

/** Probes until `done` holds and returns that value; fails with the last value seen after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 25 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      // inspect, not JSON: probed values (BullMQ jobs, for one) may be circular.
      throw new Error(`gave up after ${timeoutMs} ms; last value seen: ${inspect(value, { depth: 4 })}`);
    }
    await sleep(intervalMs);
  }
}
