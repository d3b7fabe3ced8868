import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseBusyError, LeaseLostError, PreconditionFailedError } from './errors';
import type { ObjectStore } from './object-store';

/** How a lease is waited for, kept and taken over. */
export interface LeaseOptions {
  /** Longest wait for another holder before giving up with `LeaseBusyError`. Default 2 minutes. */
  readonly waitMs?: number;
  /**
   * A lease not renewed for this long is abandoned (its holder crashed) and taken over. Default 15 minutes, the
   * longest a Lambda runs; the holder renews it every third of that while it works.
   */
  readonly staleMs?: number;
  readonly pollMs?: number;
  /**
   * Wall-clock milliseconds, compared with the store's modification times: never a job's clock, which a
   * replay (`CLOCK_NOW`) freezes in the past. Default `Date.now`.
   */
  readonly wallClock?: () => number;
  /** Called when an abandoned lease is taken over, with what it said. */
  readonly onTakeover?: (abandoned: string) => void;
}

/** The lease as its holder sees it while working. */
export interface HeldLease {
  /**
   * Renews the lease now and throws `LeaseLostError` when another holder took it over: call it right before
   * a commit that must not follow someone else's.
   */
  confirm(): Promise<void>;
}

/**
 * Runs `work` while holding the lease at `key`, so that runs of one job never interleave, across processes,
 * Lambdas and machines: the lease is created with a create-only conditional write (`ifNoneMatch: '*'`); a
 * second holder waits for it (polling every `pollMs`, up to `waitMs`, then `LeaseBusyError` having run
 * nothing) and then works on what the first left. The holder renews the lease while it works (a
 * compare-and-swap on its ETag), so only a lease whose holder died goes stale and is taken over, again by
 * compare-and-swap, so two waiters never both take it. Released when `work` settles, unless someone else holds
 * it by then.
 *
 * @example
 * await withLease(store, 'processed/daily/_lease.json', 'preprocess run 7', async (lease) => {
 *   // ... work ...
 *   await lease.confirm();
 *   await commit();
 * });
 */
export async function withLease<T>(
  store: ObjectStore,
  key: string,
  holder: string,
  work: (lease: HeldLease) => Promise<T>,
  options: LeaseOptions = {},
): Promise<T> {
  const { waitMs = 120_000, staleMs = 15 * 60_000, pollMs = 200, wallClock = Date.now } = options;
  const body = () =>
    `${JSON.stringify({ holder, pid: process.pid, renewedAt: new Date(wallClock()).toISOString() })}\n`;
  const write = (condition: { ifNoneMatch: '*' } | { ifMatch: string }) =>
    store.put(key, body(), { ...condition, contentType: 'application/json' });
  let etag = await acquire();

  let lost = false;
  const renew = async (): Promise<void> => {
    try {
      ({ etag } = await write({ ifMatch: etag }));
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      lost = true;
      throw new LeaseLostError(key, holder, { cause: error });
    }
  };
  const timer = setInterval(() => void renew().catch(() => undefined), Math.max(1, Math.floor(staleMs / 3)));
  timer.unref();
  try {
    return await work({
      async confirm() {
        if (lost) throw new LeaseLostError(key, holder);
        await renew();
      },
    });
  } finally {
    clearInterval(timer);
    const current = await store.getObject(key);
    if (current !== undefined && current.etag === etag) await store.delete(key);
  }

  async function acquire(): Promise<string> {
    const started = wallClock();
    for (;;) {
      try {
        return (await write({ ifNoneMatch: '*' })).etag;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
      const current = await store.getObject(key);
      const said = current?.body.toString('utf8').trim();
      if (current !== undefined && wallClock() - current.lastModified.getTime() > staleMs) {
        try {
          const taken = (await write({ ifMatch: current.etag })).etag;
          options.onTakeover?.(said ?? '');
          return taken;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
        }
      }
      if (wallClock() - started > waitMs) throw new LeaseBusyError(key, holder, waitMs, said);
      await sleep(pollMs);
    }
  }
}
