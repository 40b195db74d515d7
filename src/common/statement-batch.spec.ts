import { StatementBatch } from './statement-batch.js';

describe('StatementBatch', () => {
  it('runs a lone call at once, and the calls made meanwhile together in the next run, each with its result', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const firstRunHeld = new Promise<void>((resolve) => (release = resolve));
    const batch = new StatementBatch<number, number>(async (items) => {
      runs.push(items);
      if (runs.length === 1) await firstRunHeld;
      return items.map((item) => item * 10);
    }, 100);

    const first = batch.submit(1);
    const later = [batch.submit(2), batch.submit(3), batch.submit(4)];
    release();

    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('runs at most `limit` items at a time', async () => {
    const runs: string[][] = [];
    const batch = new StatementBatch<string, string>(async (items) => {
      runs.push(items);
      return items;
    }, 2);

    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => batch.submit(item)));

    expect(runs).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it("fails the callers of a failed run only; the next run's callers get their results", async () => {
    let calls = 0;
    const batch = new StatementBatch<string, string>(async (items) => {
      calls++;
      if (calls === 1) throw new Error('statement failed');
      return items.map((item) => item.toUpperCase());
    }, 10);

    const failed = batch.submit('a');
    const next = batch.submit('b');

    await expect(failed).rejects.toThrow('statement failed');
    expect(await next).toBe('B');
  });
});
