/**
 * Broadcast send path: `npm run bench:send-path -- [recipients=20000] [runs=3]`.
 *
 * A (vecino): the built API and worker as processes of their own, Twilio the fake (through the SDK's httpClient
 * seam), SMS_RATE_PER_SECOND=1000; `sendBroadcast` to every seeded volunteer. B (bare, same machine, right after):
 * `addBulk` of as many jobs with vecino's job options, then `bare-send-worker.js` drains them through the SDK into
 * the same fake, at the same concurrency and limiter, with no database. Runs interleave A, B, A, B, …
 *
 * Figures: mutation → every job in Redis, against the bare addBulk; drain throughput (first to last text the fake
 * accepted), against the bare worker's; peak RSS (VmHWM) of vecino's worker against the bare worker's, and of the
 * API. Every recipient must get exactly one text.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SEND_SMS_JOB, SMS_BACKOFF, SMS_SEND_ATTEMPTS } from '../src/messaging/outbound/outbound.queue.js';
import type { BareSendJobData } from './bare-send-worker.js';
import {
  atLeast,
  atMost,
  count,
  interleaved,
  machineLine,
  megabytes,
  perSecond,
  printTable,
  ratios,
  seconds,
  times,
} from './support/figures.js';
import { BuiltProcess } from '../test/support/built-process.js';
import { withScratchDatabase } from './scratch-database.js';
import { jobsEnqueued, VecinoStack } from './support/vecino-stack.js';

const RATE_PER_SECOND = '1000'; // the most SMS_RATE_PER_SECOND allows
const POLL_MS = 20;
const ADD_BULK_CHUNK = 1000;

const recipients = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
if (!Number.isInteger(recipients) || recipients < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node dist/bench/send-path.js [recipients ≥ 1] [runs ≥ 1]\n');
  process.exit(2);
}

const vecino = {
  queuedMs: [] as number[],
  drainPerSecond: [] as number[],
  workerRss: [] as number[],
  idleWorkerRss: [] as number[],
};
const apiRss: number[] = [];
const idleApiRss: number[] = [];
const transactionsPerText: number[] = [];
const duplicates: number[] = [];
const bare = {
  queuedMs: [] as number[],
  drainPerSecond: [] as number[],
  workerRss: [] as number[],
  idleWorkerRss: [] as number[],
};

await withScratchDatabase(async (config) => {
  const stack = new VecinoStack(config);
  await stack.open();
  try {
    const phones = await stack.seedVolunteers(recipients);
    process.stderr.write(`${await machineLine()}\n`);
    await interleaved(runs, [
      async () => {
        stack.fake.reset();
        const env = stack.env(stack.newQueuePrefix(), { SMS_RATE_PER_SECOND: RATE_PER_SECOND });
        const api = await stack.startApi(env);
        idleApiRss.push(api.process.rss());
        const worker = await stack.startWorker(env);
        vecino.idleWorkerRss.push(worker.rss());
        const queue = stack.outboundQueue(env.QUEUE_PREFIX);
        try {
          await api.login();
          const commitsBefore = await stack.transactionsCommitted();
          const started = performance.now();
          await api.sendBroadcast();
          while ((await jobsEnqueued(queue)) < recipients) await sleep(POLL_MS);
          vecino.queuedMs.push(performance.now() - started);
          const accepted = await allAccepted(stack, recipients, worker);
          vecino.drainPerSecond.push(throughput(accepted));
          duplicates.push(accepted.length - new Set(accepted.map((text) => text.to)).size);
          transactionsPerText.push(((await stack.transactionsCommitted()) - commitsBefore) / recipients);
          vecino.workerRss.push(worker.peakRss());
          apiRss.push(api.process.peakRss());
        } finally {
          await queue.close();
          await worker.stop();
          await api.process.stop();
        }
        process.stderr.write(`  vecino run ${vecino.queuedMs.length} done\n`);
      },
      async () => {
        stack.fake.reset();
        const env = stack.env(stack.newQueuePrefix(), { SMS_RATE_PER_SECOND: RATE_PER_SECOND });
        const queue = stack.outboundQueue(env.QUEUE_PREFIX);
        let worker: BuiltProcess | null = null;
        try {
          const started = performance.now();
          for (let start = 0; start < recipients; start += ADD_BULK_CHUNK) {
            await queue.addBulk(
              phones.slice(start, start + ADD_BULK_CHUNK).map((to) => {
                const id = randomUUID();
                const data: BareSendJobData = {
                  to,
                  body: 'Bench: know-your-rights training Saturday 10:00.',
                };
                return {
                  name: SEND_SMS_JOB,
                  data,
                  opts: {
                    jobId: id,
                    attempts: SMS_SEND_ATTEMPTS,
                    backoff: { type: SMS_BACKOFF, delay: config.smsRetryBaseMs },
                  },
                };
              }),
            );
          }
          bare.queuedMs.push(performance.now() - started);
          const running = BuiltProcess.start('bare worker', 'dist/bench/bare-send-worker.js', env);
          worker = running;
          await running.waitUntil(() => running.printed('bare worker consuming'));
          bare.idleWorkerRss.push(running.rss());
          const accepted = await allAccepted(stack, recipients, running);
          bare.drainPerSecond.push(throughput(accepted));
          bare.workerRss.push(running.peakRss());
        } finally {
          await queue.close();
          await worker?.stop();
        }
        process.stderr.write(`  bare run ${bare.queuedMs.length} done\n`);
      },
    ]);
  } finally {
    await stack.close();
  }
});

printTable(
  `broadcast to ${recipients} recipients, fake Twilio, SMS_RATE_PER_SECOND=${RATE_PER_SECOND}, ${runs} interleaved runs`,
  [
    { label: 'mutation → all queued (vecino)', values: vecino.queuedMs, format: seconds },
    { label: 'addBulk of as many jobs (bare)', values: bare.queuedMs, format: seconds },
    // The goal is 3 s at 20,000 recipients, when bare addBulk takes 1.3 s: about 2.3× the baseline.
    {
      label: '  all queued: vecino / bare',
      values: ratios(vecino.queuedMs, bare.queuedMs),
      format: times,
      goal: atMost(2.3, times),
    },
    { label: 'drain throughput (vecino)', values: vecino.drainPerSecond, format: perSecond },
    { label: 'drain throughput (bare send path)', values: bare.drainPerSecond, format: perSecond },
    {
      label: '  drain: vecino / bare',
      values: ratios(vecino.drainPerSecond, bare.drainPerSecond),
      format: times,
      goal: atLeast(0.5, times),
    },
    { label: 'worker peak RSS (vecino)', values: vecino.workerRss, format: megabytes },
    { label: 'worker peak RSS (bare)', values: bare.workerRss, format: megabytes },
    {
      label: '  worker peak RSS: vecino / bare',
      values: ratios(vecino.workerRss, bare.workerRss),
      format: times,
      goal: atMost(1.3, times),
    },
    { label: 'worker RSS once started (vecino)', values: vecino.idleWorkerRss, format: megabytes },
    { label: 'worker RSS once started (bare)', values: bare.idleWorkerRss, format: megabytes },
    { label: 'API RSS once started (vecino)', values: idleApiRss, format: megabytes },
    {
      label: 'API peak RSS (vecino)',
      values: apiRss,
      format: megabytes,
      goal: atMost(200 * 2 ** 20, megabytes),
    },
    { label: 'texts sent twice (vecino)', values: duplicates, format: count, goal: atMost(0, count) },
    {
      label: 'DB transactions per text (vecino)',
      values: transactionsPerText,
      format: (value) => value.toFixed(2),
    },
  ],
  'send-path',
);

/** Waits until the fake accepted `expected` texts, and fails if more arrive within a second after. */
async function allAccepted(
  stack: VecinoStack,
  expected: number,
  worker: BuiltProcess,
): Promise<{ to: string; at: number }[]> {
  await worker.waitUntil(() => stack.fake.received.length >= expected, 600_000);
  await sleep(1000);
  const accepted = stack.accepted();
  if (accepted.length < expected) throw new Error(`only ${accepted.length} of ${expected} texts accepted`);
  return accepted;
}

/** Texts per second from the first text the fake accepted to the last. */
function throughput(accepted: { at: number }[]): number {
  const times = accepted.map((text) => text.at);
  const elapsed = Math.max(...times) - Math.min(...times);
  return ((accepted.length - 1) * 1000) / Math.max(1, elapsed);
}
