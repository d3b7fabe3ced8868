/** How failed requests are retried. */
export interface RetryPolicy {
  /** Attempts in total, the first included (so 1 means no retry). */
  readonly maxAttempts: number;
  /** Backoff ceiling of the first retry; doubled for each further one. */
  readonly baseDelayMs: number;
  /** No backoff ceiling grows beyond this. */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this ends the retries instead of stalling the run. */
  readonly maxRetryAfterMs: number;
}

/** Defaults: 4 attempts, 0.5 s doubling up to 20 s, and up to 2 min of `Retry-After`. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
});

/** Statuses worth another attempt: throttling, request timeout and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

/**
 * Full-jitter exponential backoff ("Exponential Backoff And Jitter", AWS Architecture Blog): a uniform draw
 * in [0, min(max, base * 2^(retry-1))), so that clients retrying together spread out.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds (`120`) or an HTTP date (relative to
 * `now`); `undefined` when absent or unreadable. A date in the past means no wait.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
