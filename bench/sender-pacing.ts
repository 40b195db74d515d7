/**
 * Sender pacing: `npm run bench:pacing -- [recipients=600] [rate=10] [runs=1]`.
 *
 * The built API and worker as processes of their own at SMS_RATE_PER_SECOND=rate, Twilio the fake; a broadcast to
 * every seeded volunteer. From the times the fake accepted each text: the most texts in any sliding 1-second
 * window against the rate, and the drain time (first to last text, plus one interval) against recipients / rate.
 * Goal: no window above 1.1× the rate, the drain within ±5 %.
 */
import {
  atMost,
  between,
  count,
  interleaved,
  machineLine,
  median,
  mostWithinOneSecond,
  ms,
  printTable,
  seconds,
  times,
} from './support/figures.js';
import { withScratchDatabase } from './scratch-database.js';
import { VecinoStack } from './support/vecino-stack.js';

const recipients = Number(process.argv[2] ?? 600);
const rate = Number(process.argv[3] ?? 10);
const runs = Number(process.argv[4] ?? 1);
if (!Number.isInteger(recipients) || recipients < 2 || !(rate > 0) || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node dist/bench/sender-pacing.js [recipients ≥ 2] [rate > 0] [runs ≥ 1]\n');
  process.exit(2);
}

const busiestSecond: number[] = [];
const drainMs: number[] = [];
const medianIntervalMs: number[] = [];

await withScratchDatabase(async (config) => {
  const stack = new VecinoStack(config);
  await stack.open();
  try {
    await stack.seedVolunteers(recipients);
    process.stderr.write(`${await machineLine()}\n`);
    await interleaved(runs, [
      async () => {
        stack.fake.reset();
        const env = stack.env(stack.newQueuePrefix(), { SMS_RATE_PER_SECOND: String(rate) });
        const api = await stack.startApi(env);
        const worker = await stack.startWorker(env);
        try {
          await api.login();
          await api.sendBroadcast();
          const expectedMs = (recipients / rate) * 1000;
          await worker.waitUntil(() => stack.fake.received.length >= recipients, expectedMs * 2 + 60_000);
          const sentAt = stack
            .accepted()
            .map((text) => text.at)
            .sort((a, b) => a - b);
          busiestSecond.push(mostWithinOneSecond(sentAt));
          drainMs.push(sentAt[sentAt.length - 1] - sentAt[0] + 1000 / rate);
          medianIntervalMs.push(median(sentAt.slice(1).map((at, index) => at - sentAt[index])));
        } finally {
          await worker.stop();
          await api.process.stop();
        }
      },
    ]);
  } finally {
    await stack.close();
  }
});

const idealMs = (recipients / rate) * 1000;
printTable(
  `sender pacing: ${recipients} texts at SMS_RATE_PER_SECOND=${rate}, ${runs} run(s)`,
  [
    { label: 'most texts in a sliding 1-s window', values: busiestSecond, format: count },
    {
      label: '  busiest second / rate',
      values: busiestSecond.map((most) => most / rate),
      format: times,
      goal: atMost(1.1, times),
    },
    { label: `drain time (ideal ${seconds(idealMs)})`, values: drainMs, format: seconds },
    {
      label: '  drain time / ideal',
      values: drainMs.map((ms) => ms / idealMs),
      format: times,
      goal: between(0.95, 1.05, times),
    },
    // Above 1000 / rate by what each limiter window costs the worker to wake up and fetch again.
    {
      label: `median interval between texts (1000 / rate = ${ms(1000 / rate)})`,
      values: medianIntervalMs,
      format: ms,
    },
  ],
  'pacing',
);
