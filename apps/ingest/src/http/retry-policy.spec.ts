import { seededRandom } from '@cf/ohlcv';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryableStatus, parseRetryAfterMs } from './retry-policy';

describe('retry policy', () => {
  const now = new Date('2024-02-12T06:00:00.000Z');

  it('reads Retry-After as delta-seconds or an HTTP date', () => {
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Mon, 12 Feb 2024 06:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfterMs('Mon, 12 Feb 2024 05:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
  });

  it('retries throttling, request timeouts and server errors only', () => {
    expect([429, 408, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 418].some(isRetryableStatus)).toBe(false);
  });

  it('draws full-jitter delays uniformly below the doubling ceiling, capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    const random = seededRandom(7);
    for (const retry of [1, 2, 3, 4, 5, 8]) {
      const ceiling = Math.min(1000, 100 * 2 ** (retry - 1));
      const draws = Array.from({ length: 2000 }, () => backoffDelayMs(policy, retry, random));

      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      // Uniform on [0, ceiling): the mean is ceiling / 2 within 5 % of the ceiling for 2000 draws.
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(Math.abs(mean - ceiling / 2)).toBeLessThan(0.05 * ceiling);
    }
  });
});
