/**
 * One statement for many callers: what is submitted while a statement runs goes, together, into the next one (at
 * most `limit` at a time), and each caller gets its own item's result, or the statement's error. Under load (a
 * hundred sends in flight) that is one round trip and one commit for many rows rather than one each; when calls
 * come one at a time, each runs at once, alone.
 */
export class StatementBatch<Item, Result> {
  private readonly pending: {
    item: Item;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private running = false;

  /** `run` answers with one result per item, in the items' order. */
  constructor(
    private readonly run: (items: Item[]) => Promise<Result[]>,
    private readonly limit: number,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) void this.runAll();
    });
  }

  private async runAll(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.limit);
        try {
          const results = await this.run(batch.map((entry) => entry.item));
          batch.forEach((entry, index) => entry.resolve(results[index]));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
