/** Figures of repeated runs: min / median / max, printed as one table. */
import { appendFileSync } from 'node:fs';

/** A goal a figure is held to, usually by its median, e.g. `{ text: '≤ 1.30×', holds: (median) => median <= 1.3 }`. */
export interface Goal {
  text: string;
  holds: (median: number, values: number[]) => boolean;
}

export interface Row {
  label: string;
  values: number[];
  /** How a value is shown, e.g. `ms`, `/s`, `MB`, `×`. */
  format: (value: number) => string;
  goal?: Goal;
}

/** Where `npm run bench` collects every bench's goal rows (JSON lines) for its closing table. */
export const GOALS_FILE_VARIABLE = 'BENCH_GOALS_FILE';

/** One goal row as the closing table shows it. */
export interface GoalLine {
  bench: string;
  figure: string;
  min: string;
  median: string;
  max: string;
  goal: string;
  holds: boolean;
}

export const atMost = (limit: number, format: (value: number) => string): Goal => ({
  text: `≤ ${format(limit)}`,
  holds: (median) => median <= limit,
});
export const atLeast = (limit: number, format: (value: number) => string): Goal => ({
  text: `≥ ${format(limit)}`,
  holds: (median) => median >= limit,
});
export const between = (low: number, high: number, format: (value: number) => string): Goal => ({
  text: `${format(low)}–${format(high)}`,
  holds: (median) => median >= low && median <= high,
});

/** For counts of what must never happen (overbooked seats, texts sent twice): zero in every run, not at the median. */
export const noneInAnyRun: Goal = {
  text: '0 in every run',
  holds: (_median, values) => values.every((value) => value === 0),
};

export const ms = (value: number): string => `${Math.round(value)} ms`;
export const seconds = (value: number): string => `${(value / 1000).toFixed(2)} s`;
export const perSecond = (value: number): string => `${Math.round(value)}/s`;
export const megabytes = (value: number): string => `${Math.round(value / 2 ** 20)} MB`;
export const times = (value: number): string => `${value.toFixed(2)}×`;
export const count = (value: number): string => String(Math.round(value));

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value below which `share` (0–1) of the values lie (nearest rank). */
export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

/** The largest number of times (sorted, ms) within any window [t, t + 1000). */
export function mostWithinOneSecond(sorted: number[]): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** The ratios a[i] / b[i] of runs that ran back to back. */
export function ratios(a: number[], b: number[]): number[] {
  return a.map((value, index) => value / b[index]);
}

/**
 * Prints the rows as a table (min / median / max, and each goal with whether the median meets it). Under
 * `npm run bench` the goal rows also go to its closing table, tagged with `bench`.
 */
export function printTable(title: string, rows: Row[], bench = title): void {
  const withGoals = rows.some((row) => row.goal);
  const medians = rows.map((row) => median(row.values));
  const cells = rows.map((row, index) => [
    row.label,
    row.format(Math.min(...row.values)),
    row.format(medians[index]),
    row.format(Math.max(...row.values)),
    ...(withGoals
      ? [row.goal ? `${row.goal.text} ${row.goal.holds(medians[index], row.values) ? 'met' : 'MISSED'}` : '']
      : []),
  ]);
  process.stdout.write(
    `\n${title}\n${formatTable(['', 'min', 'median', 'max', ...(withGoals ? ['goal'] : [])], cells)}`,
  );
  const goalsFile = process.env[GOALS_FILE_VARIABLE];
  if (!goalsFile) return;
  rows.forEach((row, index) => {
    if (!row.goal) return;
    const [figure, min, middle, max] = cells[index];
    const line: GoalLine = {
      bench,
      figure: figure.trim(),
      min,
      median: middle,
      max,
      goal: row.goal.text,
      holds: row.goal.holds(medians[index], row.values),
    };
    appendFileSync(goalsFile, `${JSON.stringify(line)}\n`);
  });
}

/** A Markdown-shaped table: the first `leftAligned` columns left-aligned, the others right-aligned. */
export function formatTable(header: string[], cells: string[][], leftAligned = 1): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...cells.map((line) => line[column].length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => (column < leftAligned ? value.padEnd(widths[column]) : value.padStart(widths[column]))).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)]
    .map((text) => `${text}\n`)
    .join('');
}

/** Runs `count` rounds of every variant, interleaved (A, B, A, B, …), so load on the machine hits both alike. */
export async function interleaved(rounds: number, variants: (() => Promise<void>)[]): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) await variant();
  }
}

/** Load average and cores, to print beside the figures. */
export async function machineLine(): Promise<string> {
  const { loadavg, cpus, totalmem } = await import('node:os');
  const [one, five] = loadavg();
  return `machine: ${cpus().length} vCPU (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GB, load ${one.toFixed(1)} / ${five.toFixed(1)} (1 / 5 min), Node ${process.version}`;
}
