/**
 * Runs `work` on every item with at most `limit` running at once (at least one; a limit that is not a
 * number counts as one); results in input order.
 *
 * On the first rejection no further item is started; the map waits for the items already running to
 * settle (so nothing keeps running unobserved after it returns), then rejects with that first error.
 * Later failures of items that were already running are dropped in favour of the first.
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
  const width = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: width }, () => worker()));
  if (failure !== undefined) throw failure.error;
  return results;
}
