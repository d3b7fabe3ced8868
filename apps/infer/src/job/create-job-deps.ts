import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { initTfBackend } from '@cf/model';
import { openStore } from '@cf/storage';
import type { Clock, Logger } from '@cf/service';
import type { InferConfig } from '../config';
import type { ForecasterCache } from './forecaster-cache';
import { sagemakerEndpoint } from './remote-endpoint';
import type { InferenceDeps } from './run-inference';

/**
 * The job's dependencies from configuration: the store of `storeUrl`, and either a SageMaker runtime client
 * for `INFER_ENDPOINT_NAME` (remote mode; no tfjs needed) or the tfjs backend and the process's cache.
 */
export async function createJobDeps(
  config: InferConfig,
  logger: Logger,
  clock: Clock,
  forecasterCache: ForecasterCache,
  storeUrl: string = config.storeUrl,
): Promise<InferenceDeps> {
  const store = openStore(storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } });
  if (config.endpointName !== undefined) {
    const client = new SageMakerRuntimeClient(
      config.sagemakerRuntimeEndpoint === undefined ? {} : { endpoint: config.sagemakerRuntimeEndpoint },
    );
    logger.info(
      { endpointName: config.endpointName, store: store.url },
      'remote mode: forecasts come from the SageMaker endpoint',
    );
    return { store, clock, logger, endpoint: sagemakerEndpoint(client, config.endpointName) };
  }
  const { tf } = await initTfBackend({ ...(config.tfBackend ? { prefer: config.tfBackend } : {}), logger });
  return { store, clock, logger, tf, forecasterCache };
}
