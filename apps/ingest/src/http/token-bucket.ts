import type { Sleep } from './sleep';

/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second: the sustained request rate. */
  readonly ratePerSecond: number;
  /** Tokens the bucket holds at most: how many requests may go out back to back. */
  readonly burst: number;
  /** Monotonic-enough milliseconds (the job's clock). */
  readonly now: () => number;
  readonly sleep: Sleep;
}

/**
 * A token bucket shared by every request to one provider. A caller that finds no token reserves the next
 * one (the balance goes negative) and sleeps until it is due, so concurrent callers queue in order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0))
      throw new RangeError(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
    if (!(options.burst >= 1)) throw new RangeError(`burst must be >= 1, got ${options.burst}`);
    this.tokens = options.burst;
    this.last = options.now();
  }

  /** Resolves when the caller may send one request; the wait (ms) it had. */
  async acquire(signal?: AbortSignal): Promise<number> {
    const now = this.options.now();
    // A clock that goes backwards (a test's virtual time, NTP) must not mint tokens.
    const elapsed = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.options.burst, this.tokens + (elapsed * this.options.ratePerSecond) / 1000);
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    const wait = Math.ceil((-this.tokens * 1000) / this.options.ratePerSecond);
    await this.options.sleep(wait, signal);
    return wait;
  }
}
