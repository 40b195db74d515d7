/**
 * Inbound webhook: `npm run bench:inbound -- [posts=500] [runs=3]`.
 *
 * The built API as a process of its own; `posts` texts (`SHIFTS`, each from another volunteer, each a new
 * MessageSid) posted to `/webhooks/twilio/sms` form-encoded and signed with the twilio SDK's own signature code,
 * 10 at a time and 50 at a time, runs interleaved, after two unmeasured warm-up rounds at 50. Prints the p50 /
 * p95 answer times and their ratio.
 */
import {
  atMost,
  interleaved,
  machineLine,
  ms,
  percentile,
  printTable,
  ratios,
  times,
} from './support/figures.js';
import { withScratchDatabase } from './scratch-database.js';
import { postSignedTexts } from '../test/support/signed-webhook-client.js';
import { VecinoStack, type RunningApi } from './support/vecino-stack.js';

const LOW = 10;
const HIGH = 50;

const posts = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 3);
if (!Number.isInteger(posts) || posts < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node dist/bench/inbound-webhook.js [posts ≥ 1] [runs ≥ 1]\n');
  process.exit(2);
}

const p50: Record<number, number[]> = { [LOW]: [], [HIGH]: [] };
const p95: Record<number, number[]> = { [LOW]: [], [HIGH]: [] };

await withScratchDatabase(async (config) => {
  const stack = new VecinoStack(config);
  await stack.open();
  try {
    const phones = await stack.seedVolunteers(posts);
    const api = await stack.startApi(stack.env(stack.newQueuePrefix()));
    process.stderr.write(`${await machineLine()}\n`);
    try {
      const round = (concurrency: number) => async () => {
        const answered = await postAll(stack, api, phones, concurrency);
        p50[concurrency].push(percentile(answered, 0.5));
        p95[concurrency].push(percentile(answered, 0.95));
      };
      // Two rounds nobody measures first: a fresh API answers several times slower until its JIT has warmed up.
      for (let warmUp = 0; warmUp < 2; warmUp++) await postAll(stack, api, phones, HIGH);
      await interleaved(runs, [round(LOW), round(HIGH)]);
    } finally {
      await api.process.stop();
    }
  } finally {
    await stack.close();
  }
});

printTable(
  `inbound webhook: ${posts} signed posts per run, ${runs} interleaved runs`,
  [
    { label: `p50 at ${LOW} concurrent`, values: p50[LOW], format: ms },
    { label: `p50 at ${HIGH} concurrent`, values: p50[HIGH], format: ms },
    { label: `p95 at ${LOW} concurrent`, values: p95[LOW], format: ms },
    { label: `p95 at ${HIGH} concurrent`, values: p95[HIGH], format: ms, goal: atMost(150, ms) },
    { label: `  p95 ${HIGH} / ${LOW}`, values: ratios(p95[HIGH], p95[LOW]), format: times },
  ],
  'inbound',
);

/** One signed `SHIFTS` per phone, `concurrency` in flight; the answer time of each, in ms. */
async function postAll(stack: VecinoStack, api: RunningApi, phones: string[], concurrency: number) {
  const texts = phones.map((from) => ({ from, body: 'SHIFTS' }));
  const answers = await postSignedTexts(stack.webhookTarget([api.url]), texts, concurrency);
  const refused = answers.find((answer) => answer.status !== 200);
  if (refused) throw new Error(`webhook answered ${refused.status}`);
  return answers.map((answer) => answer.ms);
}
