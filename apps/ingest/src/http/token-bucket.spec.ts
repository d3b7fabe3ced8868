import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  function bucket(ratePerSecond: number, burst: number) {
    let now = 0;
    const waits: number[] = [];
    const tokens = new TokenBucket({
      ratePerSecond,
      burst,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    return { tokens, waits, advance: (ms: number) => (now += ms) };
  }

  it('lets a burst through, then queues callers one interval apart', async () => {
    const { tokens, waits } = bucket(4, 2);

    const got = await Promise.all([1, 2, 3, 4, 5].map(() => tokens.acquire()));

    expect(got).toEqual([0, 0, 250, 500, 750]);
    expect(waits).toEqual([250, 500, 750]);
  });

  it('refills with time, never above the burst', async () => {
    const { tokens, advance } = bucket(2, 2);
    await tokens.acquire();
    await tokens.acquire();

    advance(10_000);

    expect(await tokens.acquire()).toBe(0);
    expect(await tokens.acquire()).toBe(0);
    expect(await tokens.acquire()).toBe(500);
  });

  it('does not mint tokens when the clock goes backwards', async () => {
    const { tokens, advance } = bucket(1, 1);
    await tokens.acquire();

    advance(-5000);

    expect(await tokens.acquire()).toBe(1000);
  });

  it('refuses a rate or burst that cannot work', () => {
    const options = { now: () => 0, sleep: async () => undefined };
    expect(() => new TokenBucket({ ...options, ratePerSecond: 0, burst: 1 })).toThrow(
      'ratePerSecond must be > 0',
    );
    expect(() => new TokenBucket({ ...options, ratePerSecond: 1, burst: 0 })).toThrow('burst must be >= 1');
  });
});
