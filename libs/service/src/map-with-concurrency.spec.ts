import { mapWithConcurrency } from './map-with-concurrency';

describe('mapWithConcurrency', () => {
  it('keeps input order while never running more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 10, 2];

    const results = await mapWithConcurrency(delays, 2, async (ms, index) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
      return `${index}:${ms}`;
    });

    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(peak).toBe(2);
  });

  it('runs one at a time when the limit is below one, instead of running nothing', async () => {
    const results = await mapWithConcurrency([1, 2, 3], 0, async (n) => n * 2);
    expect(results).toEqual([2, 4, 6]);
  });

  it('rejects with the first failure', async () => {
    await expect(
      mapWithConcurrency([1, 2, 3], 3, async (n) => {
        if (n === 2) throw new Error('item 2 failed');
        return n;
      }),
    ).rejects.toThrow('item 2 failed');
  });

  it('starts no item after the first failure, and rejects only once the running items have settled', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const items = Array.from({ length: 10 }, (_, i) => i);

    const outcome = await mapWithConcurrency(items, 2, async (n) => {
      started.push(n);
      // Item 1 fails at once; item 0 is still running then and finishes later.
      await new Promise((r) => setTimeout(r, n === 1 ? 1 : 30));
      settled.push(n);
      if (n === 1) throw new Error('item 1 failed');
      return n;
    }).then(
      () => 'resolved',
      (error: Error) => ({ error: error.message, settledWhenRejected: [...settled] }),
    );

    expect(outcome).toEqual({ error: 'item 1 failed', settledWhenRejected: [1, 0] });
    expect(started).toEqual([0, 1]);
  });

  it('rejects with the failure that came first in time, not the first in input order', async () => {
    const error = await mapWithConcurrency([40, 5, 20], 3, async (ms, index) => {
      await new Promise((r) => setTimeout(r, ms));
      throw new Error(`item ${index} failed after ${ms} ms`);
    }).catch((e: Error) => e.message);

    expect(error).toBe('item 1 failed after 5 ms');
  });

  it('treats work that throws synchronously like a rejection', async () => {
    const started: number[] = [];

    const run = mapWithConcurrency([1, 2, 3, 4], 1, ((n: number) => {
      started.push(n);
      if (n === 2) throw new Error('sync failure on 2');
      return Promise.resolve(n);
    }) as (n: number) => Promise<number>);

    await expect(run).rejects.toThrow('sync failure on 2');
    expect(started).toEqual([1, 2]);
  });

  it('runs one at a time when the limit is not a number', async () => {
    let running = 0;
    let peak = 0;

    const results = await mapWithConcurrency([1, 2, 3], Number.NaN, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running -= 1;
      return n;
    });

    expect(results).toEqual([1, 2, 3]);
    expect(peak).toBe(1);
  });

  it('returns an empty list for no items', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});
