/**
 * GraphQL list benchmark: `npm run bench:graphql -- [volunteers=2000] [seconds=5] [runs=3]`.
 *
 * Starts the API in this process against a scratch database (PostgreSQL and Redis as for `npm run dev`), seeds the
 * volunteers (one or two zones each) and delivery requests assigned to them, and loads the API with autocannon
 * (50 connections) as a coordinator: `volunteers(first: 50)` with zones against `{ me { id } }` (the cost of the
 * request pipeline and authentication alone), then 50 deliveries with zone and volunteer against `me` again, each
 * pair interleaved A, B, A, B, A, B on the same server. It prints min/median/max req/s and p95 latency per query,
 * the ratio of the medians, and the SQL statements one request sends at page sizes 10, 50 and 100.
 *
 * Each request comes from its own X-Forwarded-For address (the API trusts loopback proxies by default), as from
 * many clients, so the per-address rate limit (600/min) measures what it costs rather than refusing the load.
 */
import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { AuthService } from '../src/auth/auth.service.js';
import { StaffRole } from '../src/auth/staff-user.entity.js';
import { createApi } from '../src/bootstrap.js';
import { atLeast, count, printTable, ratios, times, type Goal, type Row } from './support/figures.js';
import { seedLists } from './list-fixtures.js';
import { withScratchDatabase } from './scratch-database.js';
import { StatementRecorder, type Statement } from './statement-recorder.js';

const VOLUNTEERS = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 5);
const DELIVERIES = Math.min(200, VOLUNTEERS);
const CONNECTIONS = 50;
const ROUNDS = Number(process.argv[4] ?? 3);
if (![VOLUNTEERS, SECONDS, ROUNDS].every((value) => Number.isInteger(value) && value >= 1)) {
  process.stderr.write('usage: node dist/bench/graphql-list.js [volunteers ≥ 1] [seconds ≥ 1] [runs ≥ 1]\n');
  process.exit(2);
}

const ME = '{ me { id } }';
const volunteersQuery = (first: number) =>
  `{ volunteers(first: ${first}) { totalCount edges { cursor node { id name phone preferredLanguage languages ` +
  `skills status smsStatus zones { id code name } } } pageInfo { hasNextPage endCursor } } }`;
const deliveriesQuery = (first: number) =>
  `{ deliveryRequests(first: ${first}) { totalCount edges { node { id code status urgency deliverBy ` +
  `zone { id code } assignedVolunteer { id name zones { id code } } } } } }`;

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Run {
  requestsPerSecond: number;
  p95Ms: number;
  failed: number;
}

let address = 0;
/** A fresh client address for each request: 10.x.y.z. */
function nextAddress(): string {
  address = (address + 1) % 0xffffff;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

async function load(url: string, token: string, query: string, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, 'x-forwarded-for': nextAddress() },
            }),
          },
        ],
      },
      (error, finished) => (error ? reject(error as Error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / (result.duration || seconds),
    p95Ms: latencies[Math.floor(latencies.length * 0.95)] ?? NaN,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const ms = (value: number) => value.toFixed(0);

function summary(label: string, runs: Run[]): number {
  const rates = runs.map((run) => run.requestsPerSecond).sort((a, b) => a - b);
  const p95s = runs.map((run) => run.p95Ms).sort((a, b) => a - b);
  const failed = runs.reduce((sum, run) => sum + run.failed, 0);
  const median = rates[Math.floor(rates.length / 2)];
  say(
    `  ${label.padEnd(28)} req/s min ${rates[0].toFixed(1)} / median ${median.toFixed(1)} / max ` +
      `${rates.at(-1)!.toFixed(1)}   p95 min ${ms(p95s[0])} / median ${ms(p95s[Math.floor(p95s.length / 2)])} / ` +
      `max ${ms(p95s.at(-1)!)} ms${failed ? `   ${failed} failed or timed out` : ''}`,
  );
  return median;
}

/** Statements per request at page sizes 10, 50, 100: volunteers, then deliveries. */
const statementCounts: number[][] = [];
/** Statements per request: the same at every page size, and at most 4 (the staff user's included). */
const CONSTANT_AND_AT_MOST_4: Goal = {
  text: '≤ 4, same at each size',
  holds: (_median, values) => Math.max(...values) <= 4 && Math.min(...values) === Math.max(...values),
};
const goalRows: Row[] = [];

await withScratchDatabase(async (scratch, database) => {
  const config = { ...scratch, logLevel: 'warn', queuePrefix: `vecino-bench-${database}` };
  const api = await createApi(config);
  try {
    await api.listen(0, '127.0.0.1');
    const { port } = api.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    const dataSource = api.get(DataSource);
    const auth = api.get(AuthService);
    const credentials = { email: 'bench.coordinator@vecino.test', password: 'bench passphrase 1234' };
    const { user } = await auth.upsertUser({ ...credentials, role: StaffRole.COORDINATOR });
    const { token } = await auth.login(credentials.email, credentials.password);
    await seedLists((sql, parameters) => dataSource.query(sql, parameters), {
      volunteers: VOLUNTEERS,
      deliveries: DELIVERIES,
      createdById: user.id,
    });
    await dataSource.query('ANALYZE');
    say(
      `${VOLUNTEERS} volunteers, ${DELIVERIES} deliveries in ${database}; ${CONNECTIONS} connections, ${SECONDS} s a run`,
    );

    const graphql = async (query: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
    };

    const requests: Statement[][] = [];
    const recorder = new StatementRecorder(dataSource);
    recorder.recordRequests(api.getHttpServer(), requests);
    const statementsPerRequest = async (query: (first: number) => string) => {
      const counts: number[] = [];
      for (const first of [10, 50, 100]) {
        await graphql(query(first));
        counts.push(requests.at(-1)!.length);
      }
      statementCounts.push(counts);
      return counts.map((statements, index) => `${[10, 50, 100][index]}: ${statements}`).join(', ');
    };
    await graphql(ME);
    say(`statements per request: me ${requests.at(-1)!.length}`);
    say(`  volunteers(first: n)        ${await statementsPerRequest(volunteersQuery)}`);
    say(`  deliveryRequests(first: n)  ${await statementsPerRequest(deliveriesQuery)}`);
    recorder.uninstall();

    // Requests autocannon gave up on at the end of a run still run on the server: the next run waits for them.
    let inFlight = 0;
    api.getHttpServer().on('request', (_request: IncomingMessage, response: ServerResponse) => {
      inFlight++;
      response.once('close', () => inFlight--);
    });
    const run = async (query: string, seconds: number) => {
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      return load(url, token, query, seconds);
    };

    for (const [label, query] of [
      ['volunteers(first: 50)', volunteersQuery(50)],
      ['deliveryRequests(first: 50)', deliveriesQuery(50)],
    ] as const) {
      await graphql(query);
      await run(query, 1); // warm-up
      await run(ME, 1);
      const list: Run[] = [];
      const me: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        list.push(await run(query, SECONDS));
        me.push(await run(ME, SECONDS));
      }
      say(`\n${label} vs { me { id } }, interleaved:`);
      const listMedian = summary(label, list);
      const meMedian = summary('me { id }', me);
      say(`  ratio of medians: ${(listMedian / meMedian).toFixed(2)}× (goal ≥ 0.5×)`);
      const rates = (runs: Run[]) => runs.map((each) => each.requestsPerSecond);
      goalRows.push({
        label: `${label} / me, req/s of each round`,
        values: ratios(rates(list), rates(me)),
        format: times,
        goal: atLeast(0.5, times),
      });
    }
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await api.close();
  }
});

const [volunteerStatements, deliveryStatements] = statementCounts;
printTable(
  `GraphQL lists against { me { id } }: ${VOLUNTEERS} volunteers, ${CONNECTIONS} connections, ${ROUNDS} rounds`,
  [
    ...goalRows,
    {
      label: 'statements, volunteers(first: 10/50/100)',
      values: volunteerStatements,
      format: count,
      goal: CONSTANT_AND_AT_MOST_4,
    },
    {
      label: 'statements, deliveryRequests(first: 10/50/100)',
      values: deliveryStatements,
      format: count,
      goal: CONSTANT_AND_AT_MOST_4,
    },
  ],
  'graphql',
);
