import type * as tfTypes from '@tensorflow/tfjs';
import { trainForecaster, type TrainRequest } from '@cf/model';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import type { Trainer } from './trainer';

/** What the in-process trainer needs: the store it reads processed data from and writes the version to. */
export interface LocalTrainerDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The tfjs namespace and backend name, initialised on first use. */
  readonly tf: () => Promise<{ readonly tf: typeof tfTypes; readonly name: string }>;
}

/**
 * Trains in-process with `@cf/model`'s `trainForecaster` (the train job itself) on `processed/daily/` of the
 * store, writing `models/{version}/` there. The version is a candidate; promotion decides about it.
 */
export function localTrainer(deps: LocalTrainerDeps, request: TrainRequest): Trainer {
  return {
    name: 'local',
    request,
    async train() {
      const { tf, name } = await deps.tf();
      const result = await trainForecaster(
        {
          tf,
          backend: name,
          clock: deps.clock,
          logger: deps.logger,
          onEpoch: (report) => deps.logger.info({ ...report }, 'training epoch'),
        },
        request,
        { data: { store: deps.store, prefix: 'processed/daily/' }, output: { store: deps.store } },
      );
      return {
        result: 'succeeded',
        version: result.version,
        testRatioToPersistence: result.metadata.test.model.maeRatioToPersistence,
      };
    },
  };
}
