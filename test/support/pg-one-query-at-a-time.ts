import pg from 'pg';

/**
 * pg 8 queues a query sent on a client that is still executing one (and warns, deprecated); pg 9 refuses it. Run
 * under every test file, this refuses it now, at the first overlap rather than pg's third, so concurrent use of one
 * connection (a `Promise.all` inside a transaction) fails its test instead of printing one warning per process.
 */
type ClientQuery = (this: pg.Client, ...args: unknown[]) => unknown;
interface ClientState {
  _activeQuery?: unknown;
  _queryQueue: unknown[];
}

const query = pg.Client.prototype.query as ClientQuery;
const tails = new WeakMap<pg.Client, Promise<unknown>>();
let queueing = 0;

function busy(client: pg.Client): boolean {
  const state = client as unknown as ClientState;
  return Boolean(state._activeQuery) || state._queryQueue.length > 0;
}

function overlapping(args: unknown[]): unknown {
  const error = new Error('a query was sent on a pg client still executing another (pg 9 refuses this)');
  const callback = args.find((arg) => typeof arg === 'function') as ((error: Error) => void) | undefined;
  if (!callback) return Promise.reject(error);
  process.nextTick(callback, error);
  return undefined;
}

(pg.Client.prototype as { query: ClientQuery }).query = function (this: pg.Client, ...args: unknown[]) {
  if (queueing > 0) {
    const run = (tails.get(this) ?? Promise.resolve()).then(() => query.apply(this, args));
    tails.set(
      this,
      run.catch(() => undefined),
    );
    return run;
  }
  return busy(this) ? overlapping(args) : query.apply(this, args);
};

/**
 * Runs `work` with each client's queries queued one after another: for library code that overlaps them and that
 * we cannot change (TypeORM 1.1's schema builder loads a table's columns with `Promise.all`).
 */
export async function queueingOverlappingQueries<T>(work: () => Promise<T>): Promise<T> {
  queueing++;
  try {
    return await work();
  } finally {
    queueing--;
  }
}
