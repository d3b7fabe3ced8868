import type { Sleep } from '../http/sleep';

/** A clock and a sleep for tests: sleeping returns at once and is recorded; the clock moves only if asked. */
export interface VirtualTime {
  readonly clock: () => Date;
  readonly sleep: Sleep;
  /** Every sleep asked for, in ms, in order. */
  readonly sleeps: number[];
}

/**
 * Fixed-clock time (`advance: false`, the default, so runs are byte-reproducible) or a clock that each
 * sleep moves forward to `max(now, sleep start + ms)` (concurrent sleepers overlap as they would for real).
 */
export function virtualTime(start: Date | string, options: { advance?: boolean } = {}): VirtualTime {
  let now = new Date(start).getTime();
  const sleeps: number[] = [];
  return {
    clock: () => new Date(now),
    sleeps,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      const until = now + ms;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.advance) now = Math.max(now, until);
      signal?.throwIfAborted();
    },
  };
}
