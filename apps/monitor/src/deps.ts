import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SNSClient } from '@aws-sdk/client-sns';
import type { ModelKind } from '@cf/forecasting';
import { lazyTensorflow, modelKinds } from '@cf/model';
import type { Logger } from '@cf/service';
import { openStore, type ObjectStore } from '@cf/storage';
import type { AlertChannel } from './alerts/delivery/alert-channel';
import { snsChannel } from './alerts/delivery/sns-channel';
import { webhookChannel } from './alerts/delivery/webhook-channel';
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
  /** The registry's kinds; tfjs is initialised only when a network is built. */
  readonly kinds: readonly ModelKind[];
  readonly trainer: Trainer;
  /** SNS and the webhook, when configured: where alerts go once written. */
  readonly alertChannels: readonly AlertChannel[];
  /** CloudWatch namespace of the rolling-ratio metric line, when configured. */
  readonly metricNamespace?: string;
}

/** Options of `createMonitorDeps`: overrides for tests and the CLI's `--store` / `--now`. */
export interface CreateDepsOptions {
  readonly store?: ObjectStore;
  readonly clock?: () => Date;
  readonly sageMakerClient?: SageMakerClient;
  readonly snsClient?: SNSClient;
  readonly fetch?: typeof fetch;
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
  const kinds = modelKinds(
    lazyTensorflow({ ...(config.tfBackend ? { prefer: config.tfBackend } : {}), logger }),
  );
  const trainer: Trainer =
    config.trainer === 'sagemaker' && config.sagemaker !== null
      ? sageMakerTrainer(
          options.sageMakerClient ?? new SageMakerClient({}),
          config.sagemaker,
          config.trainParameters,
        )
      : localTrainer({ store, clock, logger, kinds }, config.trainParameters);
  const { topicArn, webhookUrl, metricNamespace } = config.alertDelivery;
  const alertChannels: AlertChannel[] = [
    ...(topicArn === undefined ? [] : [snsChannel(options.snsClient ?? new SNSClient({}), topicArn)]),
    ...(webhookUrl === undefined ? [] : [webhookChannel(webhookUrl, options.fetch ?? fetch)]),
  ];
  return {
    config,
    store,
    clock,
    logger,
    kinds,
    trainer,
    alertChannels,
    ...(metricNamespace === undefined ? {} : { metricNamespace }),
  };
}
