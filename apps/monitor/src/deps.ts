import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { initTfBackend, type TfBackendInfo } from '@cf/model';
import type { Logger } from '@cf/service';
import { openStore, type ObjectStore } from '@cf/storage';
import type { MonitorConfig } from './config';
import { localTrainer } from './retraining/local-trainer';
import { sageMakerTrainer } from './retraining/sagemaker-trainer';
import type { Trainer } from './retraining/trainer';

/** Everything the monitor's jobs and adapters run with. */
export interface MonitorDeps {
  readonly config: MonitorConfig;
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** The tfjs backend, initialised on first use (promotion and local training only). */
  readonly tfBackend: () => Promise<TfBackendInfo>;
  readonly trainer: Trainer;
}

/** Options of `createMonitorDeps`: overrides for tests and the CLI's `--store` / `--now`. */
export interface CreateDepsOptions {
  readonly store?: ObjectStore;
  readonly clock?: () => Date;
  readonly sageMakerClient?: SageMakerClient;
}

/** Builds the dependencies from the configuration (no environment access: `main.ts` passes the config). */
export function createMonitorDeps(
  config: MonitorConfig,
  logger: Logger,
  options: CreateDepsOptions = {},
): MonitorDeps {
  const store =
    options.store ?? openStore(config.storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } });
  const clock = options.clock ?? (() => new Date());
  const tfBackend = () =>
    initTfBackend({ ...(config.tfBackend ? { prefer: config.tfBackend } : {}), logger });
  const trainer: Trainer =
    config.trainer === 'sagemaker' && config.sagemaker !== null
      ? sageMakerTrainer(
          options.sageMakerClient ?? new SageMakerClient({}),
          config.sagemaker,
          config.trainRequest,
        )
      : localTrainer({ store, clock, logger, tf: tfBackend }, config.trainRequest);
  return { config, store, clock, logger, tfBackend, trainer };
}
