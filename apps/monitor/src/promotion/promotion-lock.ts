import { withLease, type HeldLease } from '@cf/storage';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import { PROMOTION_LOCK_KEY } from '../monitor-keys';

/**
 * Runs a promotion or rollback under the promotion lease (`monitoring/locks/promotion.json`, `withLease`), so
 * two never interleave their writes to `models/latest/` and the promotion records: the second waits for the
 * first (up to 2 minutes, then `STORAGE_LEASE_BUSY` having changed nothing) and decides against what the first
 * left live. `work` calls `lease.confirm()` before it touches `models/latest/`.
 */
export function withPromotionLock<T>(
  deps: { readonly store: ObjectStore; readonly logger: Logger },
  holder: string,
  work: (lease: HeldLease) => Promise<T>,
): Promise<T> {
  return withLease(deps.store, PROMOTION_LOCK_KEY, holder, work, {
    onTakeover: (abandoned) => deps.logger.warn({ abandoned }, 'took over an abandoned promotion lease'),
  });
}
