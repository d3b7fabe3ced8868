import type * as tfTypes from '@tensorflow/tfjs';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';

/** Promotion rules (MONITOR_PROMOTE_MAX_RATIO, MONITOR_DRIFT_DAYS). */
export interface PromotionSettings {
  /** A candidate's MAE ratio to persistence on its test window must be at most this to replace a model. */
  readonly maxRatioToPersistence: number;
  readonly driftLookbackDays: number;
}

/** What promotion and rollback need; `tf` initialises the tfjs backend on first use only. */
export interface PromotionDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly tf: () => Promise<typeof tfTypes>;
  readonly promotion: PromotionSettings;
}
