import { DEFAULT_TRAINING_PARAMETERS, NAIVE_RANGES, type ModelKind } from '@cf/forecasting';
import { trainModel, versionParameters, type ModelMetadata, type TrainResult } from '@cf/model';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';

/**
 * The champion for a store with nothing promoted: the naive baseline as a real model version trained the usual
 * way (held-out evaluation included) on the same symbols, horizon and cut-off as the refused candidate, so what
 * goes live is judged and recorded like any other version: `persistence`, or `persistence+naive-empirical` (the
 * naive ranges) when the candidate forecast ranges, so that ranges are still published.
 */
export function trainPersistenceChampion(
  deps: {
    readonly store: ObjectStore;
    readonly clock: () => Date;
    readonly logger: Logger;
    readonly kinds: readonly ModelKind[];
  },
  refused: ModelMetadata,
): Promise<TrainResult> {
  const params = versionParameters(refused);
  return trainModel(
    { kinds: deps.kinds, logger: deps.logger, clock: deps.clock },
    {
      parameters: {
        ...DEFAULT_TRAINING_PARAMETERS,
        model: refused.model.includes('+') ? NAIVE_RANGES : 'persistence',
        symbols: refused.symbols,
        horizon: refused.horizon,
        seed: refused.seed,
        evaluationDays: params.evaluationDays,
        evaluationRefitEvery: params.evaluationRefitEvery,
      },
      cutoff: refused.data.trainedThrough,
    },
    { data: { store: deps.store, prefix: 'processed/daily/' }, output: { store: deps.store } },
  );
}
