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
