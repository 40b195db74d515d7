import DataLoader from 'dataloader';

/**
 * One DataLoader per GraphQL request, keyed by the request's context object (and gone with it), so a field resolved
 * on every row of a page costs one batched query rather than one a row. Batched, never cached: a subscription's
 * context lives as long as the subscription, and each of its events must read fresh rows (and write fresh audit
 * rows). A batch function may be given the same key twice.
 */
export class RequestLoaders<K, V> {
  private readonly loaders = new WeakMap<object, DataLoader<K, V>>();

  constructor(private readonly batch: (keys: readonly K[]) => Promise<V[]>) {}

  load(requestContext: object, key: K): Promise<V> {
    let loader = this.loaders.get(requestContext);
    if (!loader) {
      loader = new DataLoader(this.batch, { cache: false });
      this.loaders.set(requestContext, loader);
    }
    return loader.load(key);
  }
}

/**
 * Rows a page of records links to, by id, in one query a page: `find` is given each id once. A missing row is an
 * error, for links the database keeps (a foreign key).
 */
export function linkedRowLoaders<T extends { id: string }>(
  what: string,
  find: (ids: string[]) => Promise<T[]>,
): RequestLoaders<string, T> {
  return new RequestLoaders(async (ids) => {
    const byId = new Map((await find([...new Set(ids)])).map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) throw new Error(`${what} ${id} is missing`);
      return row;
    });
  });
}
