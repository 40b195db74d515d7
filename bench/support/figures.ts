/** Figures of repeated runs: min / median / max, printed as one table. */

export interface Row {
  label: string;
  values: number[];
  /** How a value is shown, e.g. `ms`, `/s`, `MB`, `×`. */
  format: (value: number) => string;
}

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

export function printTable(title: string, rows: Row[]): void {
  const cells = rows.map((row) => [
    row.label,
    row.format(Math.min(...row.values)),
    row.format(median(row.values)),
    row.format(Math.max(...row.values)),
  ]);
  const header = ['', 'min', 'median', 'max'];
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...cells.map((line) => line[column].length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => (column === 0 ? value.padEnd(widths[column]) : value.padStart(widths[column]))).join(' | ')} |`;
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${line(header)}\n`);
  process.stdout.write(
    `|${widths.map((width, column) => (column === 0 ? '-' : '-').repeat(width + 2)).join('|')}|\n`,
  );
  for (const values of cells) process.stdout.write(`${line(values)}\n`);
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
