import type { ModelKind } from '@cf/forecasting';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import type { PromotionSettings } from './promotion-gate';

export type { PromotionSettings } from './promotion-gate';

/** What promotion and rollback need. */
export interface PromotionDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The registry, to re-evaluate recipes and to train the persistence champion. */
  readonly kinds: readonly ModelKind[];
  readonly promotion: PromotionSettings;
}
