import type { ModelKind, TrainingParameters } from '@cf/forecasting';
import { trainModel, findPromotedMetadata } from '@cf/model';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import { heldOutRatio } from '../promotion/model-catalog';
import type { Trainer } from './trainer';

/** What the in-process trainer needs: the store it reads processed data from and writes the version to. */
export interface LocalTrainerDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly kinds: readonly ModelKind[];
}

/**
 * Trains in-process with `@cf/model`'s `trainModel` (the train job itself) on `processed/daily/` of the store,
 * through the clock's last complete day only (a replay with `CLOCK_NOW` never reads a later candle), judged
 * next to the live model, writing `models/{version}/` there. The version is a candidate; promotion decides.
 */
export function localTrainer(deps: LocalTrainerDeps, parameters: TrainingParameters): Trainer {
  return {
    name: 'local',
    parameters,
    async train() {
      const live = await findPromotedMetadata(deps.store);
      const result = await trainModel(
        {
          kinds: deps.kinds,
          clock: deps.clock,
          logger: deps.logger,
          onEpoch: (report) => deps.logger.info({ ...report }, 'training epoch'),
        },
        { parameters, ...(live === undefined ? {} : { live: { version: live.version, metadata: live } }) },
        { data: { store: deps.store, prefix: 'processed/daily/' }, output: { store: deps.store } },
      );
      return {
        result: 'succeeded',
        version: result.version,
        heldOutRatioToPersistence: heldOutRatio(result.metadata),
      };
    },
  };
}
