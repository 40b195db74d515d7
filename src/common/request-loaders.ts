import DataLoader from 'dataloader';

/**
 * One DataLoader per GraphQL request, keyed by the request's context object (and gone with it), so a field resolved
 * on every row of a page costs one batched query rather than one a row.
 */
export class RequestLoaders<K, V> {
  private readonly loaders = new WeakMap<object, DataLoader<K, V>>();

  constructor(private readonly batch: (keys: readonly K[]) => Promise<V[]>) {}

  load(requestContext: object, key: K): Promise<V> {
    let loader = this.loaders.get(requestContext);
    if (!loader) {
      loader = new DataLoader(this.batch);
      this.loaders.set(requestContext, loader);
    }
    return loader.load(key);
  }
}
