import { PreconditionFailedError, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import { MonitorError } from '../errors';
import { PROMOTION_LOCK_KEY } from '../monitor-keys';

/** How a promotion waits for another one. */
export interface PromotionLockOptions {
  /** Longest wait for another promotion to finish before giving up with `MONITOR_PROMOTION_BUSY`. */
  readonly waitMs?: number;
  /** A lease older than this is abandoned (its holder crashed) and taken over. */
  readonly staleMs?: number;
  readonly pollMs?: number;
  /**
   * Wall-clock milliseconds, to compare with the store's modification times: not the job's clock, which a
   * replay (`CLOCK_NOW`) freezes in the past. Default `Date.now`.
   */
  readonly wallClock?: () => number;
}

interface Lease {
  readonly holder: string;
  readonly acquiredAt: string;
}

/**
 * Runs `work` while holding the promotion lease (`monitoring/locks/promotion.json`, created with a create-only
 * conditional write), so two promotions or rollbacks never interleave their writes to `models/latest/` and the
 * promotion records: the second waits for the first and then decides against what the first left live. A
 * lease older than `staleMs` (a crashed holder) is taken over with a compare-and-swap on its ETag; a wait
 * longer than `waitMs` fails with `MONITOR_PROMOTION_BUSY`, having changed nothing.
 *
 * @example
 * await withPromotionLock(deps, 'promote v1', () => promoteUnderLock(deps, 'v1'));
 */
export async function withPromotionLock<T>(
  deps: { readonly store: ObjectStore; readonly clock: () => Date; readonly logger: Logger },
  holder: string,
  work: () => Promise<T>,
  options: PromotionLockOptions = {},
): Promise<T> {
  const { waitMs = 120_000, staleMs = 15 * 60_000, pollMs = 200, wallClock = Date.now } = options;
  const started = wallClock();
  const lease = (): string =>
    `${JSON.stringify({ holder, acquiredAt: deps.clock().toISOString(), pid: process.pid } satisfies Lease & { pid: number })}\n`;
  for (;;) {
    try {
      await deps.store.put(PROMOTION_LOCK_KEY, lease(), {
        ifNoneMatch: '*',
        contentType: 'application/json',
      });
      break;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
    const current = await deps.store.getObject(PROMOTION_LOCK_KEY);
    if (current !== undefined && wallClock() - current.lastModified.getTime() > staleMs) {
      try {
        await deps.store.put(PROMOTION_LOCK_KEY, lease(), {
          ifMatch: current.etag,
          contentType: 'application/json',
        });
        deps.logger.warn(
          { abandoned: current.body.toString('utf8').trim() },
          'took over an abandoned promotion lease',
        );
        break;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError)) throw error;
      }
    }
    if (wallClock() - started > waitMs) {
      throw new MonitorError(
        'MONITOR_PROMOTION_BUSY',
        'conflict',
        `'${holder}' waited ${Math.round(waitMs / 1000)} s for another promotion holding ${PROMOTION_LOCK_KEY} (${current?.body.toString('utf8').trim() ?? 'released meanwhile'}): nothing was changed, try again`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await work();
  } finally {
    await deps.store.delete(PROMOTION_LOCK_KEY);
  }
}
