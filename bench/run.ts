/**
 * `npm run bench [-- [--runs 3] [name…]]`: runs the benches below one after another (all of them, or those named),
 * each through its own npm script at its full size, `--runs` interleaved rounds each, and stops at the first that
 * fails. Each bench prints its own table (min / median / max against a baseline measured in the same run); at the
 * end one table gathers every goal's figure. Adding a bench is a line in BENCHES and an npm script. See
 * BENCHMARKS.md.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Command, InvalidArgumentError } from 'commander';
import { formatTable, GOALS_FILE_VARIABLE, machineLine, type GoalLine } from './support/figures.js';

interface Bench {
  name: string;
  /** The npm script that runs it (it builds what changed first). */
  script: string;
  /** Its arguments for `runs` interleaved rounds, at full size. */
  args: (runs: number) => string[];
  about: string;
}

const BENCHES: Bench[] = [
  {
    name: 'send-path',
    script: 'bench:send-path',
    args: (runs) => ['20000', String(runs)],
    about: 'broadcast to 20,000: mutation → queued, drain, peak RSS, against bare BullMQ',
  },
  {
    name: 'pacing',
    script: 'bench:pacing',
    args: (runs) => ['600', '10', String(runs)],
    about: '600 texts at 10/s: busiest sliding second and drain time, against the rate',
  },
  {
    name: 'inbound',
    script: 'bench:inbound',
    args: (runs) => ['500', String(runs)],
    about: '500 signed inbound webhooks at 50 and at 10 concurrent: p95',
  },
  {
    name: 'claims',
    script: 'bench:claims',
    args: (runs) => ['1000', '20', '5', String(runs)],
    about: '1,000 signed CLAIMs over 20 shifts of 5 seats: p95 at 50 concurrent, all at once: 0 overbooked',
  },
  {
    name: 'scale-out',
    script: 'bench:scale-out',
    // One run: it checks correctness (nothing overbooked, doubled or missed; the limit held), not speed.
    args: () => ['1000', '50'],
    about: '2 APIs + 2 workers: claim storm over both (0 overbooked), broadcast over both, global rate limit',
  },
  {
    name: 'graphql',
    script: 'bench:graphql',
    args: (runs) => ['2000', '5', String(runs)],
    about: 'volunteers and deliveries lists against { me { id } }: req/s, p95, statements per request',
  },
  {
    name: 'alert',
    script: 'bench:alert',
    args: (runs) => ['20000', '2000', String(runs)],
    about: 'confirmAlert → first text and 2,000 responders queued, behind a draining 20,000 broadcast',
  },
  {
    name: 'suggest',
    script: 'bench:suggest',
    args: () => ['20000'],
    about: "suggestVolunteers' ranking query at 20,000 volunteers, with its plan",
  },
  {
    name: 'console',
    script: 'bench:console',
    args: (runs) => ['500', String(Math.max(runs, 5))],
    about:
      'the deliveries board with 500 requests to interactive in Chromium, against 0, as is and CPU 4× slower',
  },
];

const program = new Command('npm run bench --')
  .description('Runs the benches (all, or those named) and prints every goal in one table.')
  .argument('[names...]', `benches to run: ${BENCHES.map((bench) => bench.name).join(', ')}`)
  .option('--runs <n>', 'interleaved rounds per bench (A, B, A, B, …)', positiveInteger, 3)
  .parse();
const asked = program.processedArgs[0] as string[];
const { runs } = program.opts<{ runs: number }>();
const unknown = asked.filter((name) => !BENCHES.some((bench) => bench.name === name));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; known:\n`);
  for (const bench of BENCHES) process.stderr.write(`  ${bench.name.padEnd(12)} ${bench.about}\n`);
  process.exit(2);
}

const goalsDir = mkdtempSync(join(tmpdir(), 'vecino-bench-'));
const goalsFile = join(goalsDir, 'goals.jsonl');
try {
  for (const bench of BENCHES.filter((each) => asked.length === 0 || asked.includes(each.name))) {
    process.stdout.write(`\n== ${bench.name}: ${bench.about}\n`);
    const child = spawn('npm', ['run', '--silent', bench.script, '--', ...bench.args(runs)], {
      stdio: 'inherit',
      env: { ...process.env, [GOALS_FILE_VARIABLE]: goalsFile },
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) {
      process.stderr.write(`bench ${bench.name} failed (exit ${code})\n`);
      process.exit(1);
    }
  }
  await printGoals();
} finally {
  rmSync(goalsDir, { recursive: true, force: true });
}

/** Every goal row the benches reported, in one table. */
async function printGoals(): Promise<void> {
  if (!existsSync(goalsFile)) return; // none of the benches run has a goal
  const goals = readFileSync(goalsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as GoalLine);
  process.stdout.write(`\n== goals, ${runs} interleaved run(s) each\n`);
  process.stdout.write(
    formatTable(
      ['bench', 'figure', 'min', 'median', 'max', 'goal', 'median meets it'],
      goals.map((goal) => [
        goal.bench,
        goal.figure,
        goal.min,
        goal.median,
        goal.max,
        goal.goal,
        goal.holds ? 'yes' : 'NO',
      ]),
      2,
    ),
  );
  process.stdout.write(`${await machineLine()}\n`);
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number ≥ 1');
  return parsed;
}
