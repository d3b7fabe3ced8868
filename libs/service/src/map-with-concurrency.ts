/**
 * Runs `work` on every item with at most `limit` running at once (at least one); results in input order.
 * The first rejection rejects the whole map; work already started is not cancelled.
 *
 * @example
 * const sizes = await mapWithConcurrency(keys, 4, async (key) => (await store.head(key))?.size);
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);
  return results;
}
