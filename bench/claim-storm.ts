/**
 * Claim storm: `npm run bench:claims -- [claims=1000] [shifts=20] [seats=5] [runs=3]`.
 *
 * The built API as a process of its own; `claims` volunteers each text `CLAIM <code>` (signed webhooks, as
 * bench/inbound-webhook.ts posts them) for one of `shifts` new shifts of `seats` seats, spread evenly. After a
 * warm-up round of 200 `SHIFTS`, per run, interleaved: (baseline) as many signed `SHIFTS`, which claims nothing,
 * 50 at a time; (a) the claims 50 at a time; (b) all the claims at once. Each round waits until every text's
 * command has run before the next.
 * Prints p50/p95/p99 of (a) against the baseline (goal p95 ≤ 150 ms), and for (b) the overbooked seats (goal 0),
 * the 5xx answers (goal 0) and the slowest answer (goal ≤ 15 s, Twilio's webhook timeout).
 */
import {
  atMost,
  count,
  interleaved,
  machineLine,
  ms,
  noneInAnyRun,
  percentile,
  printTable,
  ratios,
  times,
} from './support/figures.js';
import { withScratchDatabase } from './scratch-database.js';
import { ClaimStorm } from './support/claim-storm.js';
import { postSignedTexts, type Answer } from '../test/support/signed-webhook-client.js';
import { VecinoStack } from './support/vecino-stack.js';

const CONCURRENT = 50;
const WARM_UP = 200;
/** How long a round may take for its commands to run, on a loaded machine. */
const PROCESSING_PATIENCE_MS = 300_000;

const claims = Number(process.argv[2] ?? 1000);
const shiftCount = Number(process.argv[3] ?? 20);
const seats = Number(process.argv[4] ?? 5);
const runs = Number(process.argv[5] ?? 3);
if (![claims, shiftCount, seats, runs].every((value) => Number.isInteger(value) && value >= 1)) {
  process.stderr.write('usage: node dist/bench/claim-storm.js [claims] [shifts] [seats] [runs], each ≥ 1\n');
  process.exit(2);
}

const figures = {
  baseline: { p50: [] as number[], p95: [] as number[], p99: [] as number[] },
  claims: { p50: [] as number[], p95: [] as number[], p99: [] as number[] },
  burst: { overbooked: [] as number[], errors: [] as number[], slowest: [] as number[], p95: [] as number[] },
  overbookedAt50: [] as number[],
  processedMs: [] as number[],
};

function percentiles(answers: Answer[], into: { p50: number[]; p95: number[]; p99: number[] }): void {
  const times = answers.map((answer) => answer.ms);
  into.p50.push(percentile(times, 0.5));
  into.p95.push(percentile(times, 0.95));
  into.p99.push(percentile(times, 0.99));
}

await withScratchDatabase(async (config) => {
  const stack = new VecinoStack(config);
  await stack.open();
  try {
    const phones = await stack.seedVolunteers(claims);
    const storm = await ClaimStorm.open(config, phones);
    const api = await stack.startApi(stack.env(stack.newQueuePrefix()));
    try {
      await api.login();
      process.stderr.write(`${await machineLine()}\n`);
      /** Posts the texts and waits for their commands; fails if any is left unprocessed. */
      const post = async (texts: { from: string; body: string }[], concurrency: number) => {
        const since = new Date(Date.now() - 1000);
        const started = performance.now();
        const answers = await postSignedTexts(stack.webhookTarget([api.url]), texts, concurrency);
        const accepted = answers.filter((answer) => answer.status === 200).length;
        if (!(await storm.waitProcessed(phones, since, accepted, PROCESSING_PATIENCE_MS))) {
          throw new Error('texts left unprocessed');
        }
        return { answers, processedMs: performance.now() - started };
      };
      const baseline = async () => {
        const { answers } = await post(
          phones.map((from) => ({ from, body: 'SHIFTS' })),
          CONCURRENT,
        );
        if (answers.some((answer) => answer.status !== 200)) throw new Error('baseline texts refused');
        percentiles(answers, figures.baseline);
      };
      const claimsAt50 = async () => {
        const shifts = await storm.newShifts(api, shiftCount, seats);
        const { answers } = await post(storm.claims(phones, shifts), CONCURRENT);
        if (answers.some((answer) => answer.status !== 200)) throw new Error('claims refused');
        percentiles(answers, figures.claims);
        figures.overbookedAt50.push(await storm.overbookedSeats(shifts));
      };
      const burst = async () => {
        const shifts = await storm.newShifts(api, shiftCount, seats);
        const { answers, processedMs } = await post(storm.claims(phones, shifts), claims);
        const times = answers.map((answer) => answer.ms);
        figures.burst.overbooked.push(await storm.overbookedSeats(shifts));
        figures.burst.errors.push(answers.filter((answer) => answer.status !== 200).length);
        figures.burst.slowest.push(Math.max(...times));
        figures.burst.p95.push(percentile(times, 0.95));
        figures.processedMs.push(processedMs);
        const signups = await storm.signups(shifts);
        if (signups !== claims) throw new Error(`${signups} signups for ${claims} claims`);
      };
      // A round nobody measures first: a fresh API answers several times slower until its JIT has warmed up.
      await post(
        phones.slice(0, WARM_UP).map((from) => ({ from, body: 'SHIFTS' })),
        CONCURRENT,
      );
      await interleaved(runs, [baseline, claimsAt50, burst]);
    } finally {
      await api.process.stop();
      await storm.close();
    }
  } finally {
    await stack.close();
  }
});

printTable(
  `claim storm: ${claims} CLAIMs over ${shiftCount} shifts of ${seats} seats, ${runs} interleaved run(s)`,
  [
    { label: `baseline (SHIFTS) p50 at ${CONCURRENT}`, values: figures.baseline.p50, format: ms },
    { label: `baseline (SHIFTS) p95 at ${CONCURRENT}`, values: figures.baseline.p95, format: ms },
    { label: `baseline (SHIFTS) p99 at ${CONCURRENT}`, values: figures.baseline.p99, format: ms },
    { label: `(a) CLAIM p50 at ${CONCURRENT}`, values: figures.claims.p50, format: ms },
    {
      label: `(a) CLAIM p95 at ${CONCURRENT}`,
      values: figures.claims.p95,
      format: ms,
      goal: atMost(150, ms),
    },
    { label: `(a) CLAIM p99 at ${CONCURRENT}`, values: figures.claims.p99, format: ms },
    {
      label: '  p95 CLAIM / baseline',
      values: ratios(figures.claims.p95, figures.baseline.p95),
      format: times,
    },
    { label: '(a) overbooked seats', values: figures.overbookedAt50, format: count, goal: noneInAnyRun },
    {
      label: `(b) all ${claims} at once: overbooked seats`,
      values: figures.burst.overbooked,
      format: count,
      goal: noneInAnyRun,
    },
    { label: '(b) non-200 answers', values: figures.burst.errors, format: count, goal: noneInAnyRun },
    { label: '(b) p95 answer', values: figures.burst.p95, format: ms },
    {
      label: '(b) slowest answer',
      values: figures.burst.slowest,
      format: ms,
      goal: {
        text: '≤ 15 s in every run',
        holds: (_median, values) => values.every((value) => value <= 15_000),
      },
    },
    { label: '(b) every command run, from the first post', values: figures.processedMs, format: ms },
  ],
  'claims',
);
