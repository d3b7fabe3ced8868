import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { lazyTensorflow, modelKinds } from '@cf/model';
import type { ModelKind } from '@cf/forecasting';
import { openStore } from '@cf/storage';
import type { Clock, Logger } from '@cf/service';
import type { InferConfig } from '../config';
import type { VersionCache } from './version-cache';
import { sagemakerEndpoint } from './remote-endpoint';
import type { InferenceDeps } from './run-inference';

/** The registry's kinds, tfjs initialised on first use on the backend `TF_BACKEND` prefers. */
export function kindsFor(config: InferConfig, logger: Logger): readonly ModelKind[] {
  return modelKinds(lazyTensorflow({ ...(config.tfBackend ? { prefer: config.tfBackend } : {}), logger }));
}

/**
 * The job's dependencies from configuration: the store of `storeUrl`, and either a SageMaker runtime client
 * for `INFER_ENDPOINT_NAME` (remote mode; no model is loaded here) or the kind registry and the process's
 * version cache.
 */
export function createJobDeps(
  config: InferConfig,
  logger: Logger,
  clock: Clock,
  versionCache: VersionCache,
  storeUrl: string = config.storeUrl,
): InferenceDeps {
  const store = openStore(storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } });
  const base = { store, clock, logger, maxSymbolsPerRequest: config.invocationsMaxSymbols };
  if (config.endpointName !== undefined) {
    const client = new SageMakerRuntimeClient(
      config.sagemakerRuntimeEndpoint === undefined ? {} : { endpoint: config.sagemakerRuntimeEndpoint },
    );
    logger.info(
      { endpointName: config.endpointName, store: store.url },
      'remote mode: forecasts come from the SageMaker endpoint',
    );
    return { ...base, endpoint: sagemakerEndpoint(client, config.endpointName) };
  }
  return { ...base, kinds: kindsFor(config, logger), versionCache };
}
