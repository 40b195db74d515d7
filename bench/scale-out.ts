/**
 * Scale out: `npm run bench:scale-out -- [claims=1000] [rate=50]`.
 *
 * Two built APIs and two built workers, processes of their own on the same PostgreSQL, Redis and queue prefix,
 * each worker sending to a fake Twilio of its own (so what each fake received is what that worker sent). Checks of
 * correctness, not of throughput (two cores for four processes): (1) the claim storm of bench/claim-storm.ts, all
 * at once, every other text to the other API: overbooked seats (goal 0); (2) a broadcast to every volunteer at
 * SMS_RATE_PER_SECOND=rate: how many each worker sent (goal: both some), texts sent twice or never (goal 0), and
 * the busiest sliding second across both workers against the rate (goal ≤ 1.1×, the limit being global in Redis).
 */
import type { BuiltProcess } from '../test/support/built-process.js';
import { postSignedTexts } from '../test/support/signed-webhook-client.js';
import {
  atMost,
  count,
  machineLine,
  mostWithinOneSecond,
  noneInAnyRun,
  printTable,
  times,
  type Goal,
} from './support/figures.js';
import { ClaimStorm } from './support/claim-storm.js';
import { withScratchDatabase } from './scratch-database.js';
import { VecinoStack, type RunningApi } from './support/vecino-stack.js';

const SHIFTS = 20;
const SEATS = 5;
const PATIENCE_MS = 600_000;

const claims = Number(process.argv[2] ?? 1000);
const rate = Number(process.argv[3] ?? 50);
if (!Number.isInteger(claims) || claims < SHIFTS || !(rate > 0)) {
  process.stderr.write(`usage: node dist/bench/scale-out.js [claims ≥ ${SHIFTS}] [rate > 0]\n`);
  process.exit(2);
}

const figures: { label: string; value: number; format: (value: number) => string; goal?: Goal }[] = [];

await withScratchDatabase(async (config) => {
  const stack = new VecinoStack(config);
  await stack.open();
  const processes: BuiltProcess[] = [];
  try {
    const phones = await stack.seedVolunteers(claims);
    const storm = await ClaimStorm.open(config, phones);
    const env = stack.env(stack.newQueuePrefix(), { SMS_RATE_PER_SECOND: String(rate) });
    const other = await stack.otherFake();
    const apis: RunningApi[] = [];
    try {
      for (let index = 0; index < 2; index++) {
        const api = await stack.startApi(env);
        processes.push(api.process);
        apis.push(api);
      }
      processes.push(await stack.startWorker(env));
      processes.push(await stack.startWorker({ ...env, TWILIO_API_BASE_URL: other.baseUrl }));
      process.stderr.write(`${await machineLine()}\n`);
      await apis[0].login();

      const shifts = await storm.newShifts(apis[0], SHIFTS, SEATS);
      const since = new Date(Date.now() - 1000);
      const answers = await postSignedTexts(
        stack.webhookTarget(apis.map((api) => api.url)),
        storm.claims(phones, shifts),
        claims,
      );
      const taken = answers.filter((answer) => answer.status === 200).length;
      if (!(await storm.waitProcessed(phones, since, taken, PATIENCE_MS)))
        throw new Error('claims left unprocessed');
      figures.push(
        { label: `claims answered 200 (of ${claims}, split over 2 APIs)`, value: taken, format: count },
        { label: 'signups', value: await storm.signups(shifts), format: count },
        {
          label: 'overbooked seats',
          value: await storm.overbookedSeats(shifts),
          format: count,
          goal: noneInAnyRun,
        },
      );
      // The claims' replies go out before the broadcast is measured on its own.
      const sent = () => stack.accepted().length + stack.accepted(other.fake).length;
      await processes[2].waitUntil(() => sent() >= taken, PATIENCE_MS);

      stack.fake.reset();
      other.fake.reset();
      await apis[1].login();
      await apis[1].sendBroadcast();
      await processes[2].waitUntil(() => sent() >= claims, (claims / rate) * 2000 + PATIENCE_MS);
      // Anything sent twice would arrive within a few more sends' time.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const byFirst = stack.accepted();
      const bySecond = stack.accepted(other.fake);
      const all = [...byFirst, ...bySecond];
      const busiest = mostWithinOneSecond(all.map((text) => text.at).sort((a, b) => a - b));
      figures.push(
        { label: `broadcast texts sent by worker 1 (of ${claims})`, value: byFirst.length, format: count },
        { label: 'broadcast texts sent by worker 2', value: bySecond.length, format: count },
        {
          label: 'texts sent twice',
          value: all.length - new Set(all.map((t) => t.to)).size,
          format: count,
          goal: noneInAnyRun,
        },
        {
          label: 'volunteers never texted',
          value: claims - new Set(all.map((t) => t.to)).size,
          format: count,
          goal: noneInAnyRun,
        },
        { label: `busiest sliding second, both workers (rate ${rate}/s)`, value: busiest, format: count },
        { label: '  / rate', value: busiest / rate, format: times, goal: atMost(1.1, times) },
      );
    } finally {
      for (const running of processes) await running.stop();
      await storm.close();
    }
  } finally {
    await stack.close();
  }
});

printTable(
  `scale out: 2 APIs and 2 workers on one PostgreSQL and Redis; ${claims} claims, a broadcast to ${claims} at ${rate}/s`,
  figures.map(({ label, value, format, goal }) => ({ label, values: [value], format, goal })),
  'scale-out',
);
