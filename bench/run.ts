/**
 * `npm run bench [-- name…]`: runs the benches below one after another (all of them, or those named), each through
 * its own npm script, and stops at the first that fails. A bench is a `bench/*.ts` that prints its figures (against
 * a baseline measured in the same run); adding one is a line in BENCHES and an npm script. See BENCHMARKS.md.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

interface Bench {
  name: string;
  /** The npm script that runs it (it builds what changed first). */
  script: string;
  about: string;
}

const BENCHES: Bench[] = [
  {
    name: 'send-path',
    script: 'bench:send-path',
    about: 'broadcast to 20,000: mutation → queued, drain, peak RSS, against bare BullMQ',
  },
  {
    name: 'pacing',
    script: 'bench:pacing',
    about: '600 texts at 10/s: busiest sliding second and drain time, against the rate',
  },
  {
    name: 'inbound',
    script: 'bench:inbound',
    about: '500 signed inbound webhooks at 50 and at 10 concurrent: p95',
  },
  {
    name: 'claims',
    script: 'bench:claims',
    about: '1,000 signed CLAIMs over 20 shifts of 5 seats: p95 at 50 concurrent, all at once: 0 overbooked',
  },
  {
    name: 'scale-out',
    script: 'bench:scale-out',
    about: '2 APIs + 2 workers: claim storm over both (0 overbooked), broadcast over both, global rate limit',
  },
  {
    name: 'graphql',
    script: 'bench:graphql',
    about: 'volunteers and deliveries lists against { me { id } }: req/s, p95, statements per request',
  },
  {
    name: 'alert',
    script: 'bench:alert',
    about: 'confirmAlert → first text and 2,000 responders queued, behind a draining 20,000 broadcast',
  },
  {
    name: 'suggest',
    script: 'bench:suggest',
    about: "suggestVolunteers' ranking query at 20,000 volunteers, with its plan",
  },
  {
    name: 'console',
    script: 'bench:console',
    about:
      'the deliveries board with 500 requests to interactive in Chromium, against 0, as is and CPU 4× slower',
  },
];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !BENCHES.some((bench) => bench.name === name));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; known:\n`);
  for (const bench of BENCHES) process.stderr.write(`  ${bench.name.padEnd(12)} ${bench.about}\n`);
  process.exit(2);
}

for (const bench of BENCHES.filter((each) => asked.length === 0 || asked.includes(each.name))) {
  process.stdout.write(`\n== ${bench.name}: ${bench.about}\n`);
  const child = spawn('npm', ['run', '--silent', bench.script], { stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    process.stderr.write(`bench ${bench.name} failed (exit ${code})\n`);
    process.exit(1);
  }
}
