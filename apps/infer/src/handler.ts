import {
  clockFromEnv,
  createLambdaHandler,
  createLogger,
  isScheduledEvent,
  type CreateLoggerOptions,
  type LambdaContext,
} from '@cf/service';
import { loadConfig, type InferConfig } from './config';
import { InvalidInferRequestError } from './errors';
import { createJobDeps } from './job/create-job-deps';
import { createVersionCache } from './job/version-cache';
import type { InferenceReport } from './job/inference-report';
import type { InferenceRequest } from './job/inference-request';
import { runInference } from './job/run-inference';

/**
 * The Lambda handler over `env` (`lambda.ts` passes `process.env`): on an EventBridge scheduled event it
 * forecasts every `INFER_SYMBOLS` symbol with `MODEL_VERSION` into the store. A manual invocation may send
 * `{"symbols": ["BTC"], "modelVersion": "v"}` instead. The model stays cached in the container between
 * invocations and is reloaded when `metadata.json` names another version. A configuration problem fails
 * every invocation with the full list of problems.
 */
export function createInferHandler(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly destination?: CreateLoggerOptions['destination'] } = {},
): (event: unknown, context: LambdaContext) => Promise<InferenceReport> {
  let config: InferConfig | undefined;
  let configError: unknown;
  try {
    config = loadConfig(env);
  } catch (error) {
    configError = error;
  }
  const logger = createLogger({ name: 'infer', level: config?.logLevel ?? 'info', ...options });
  const versionCache = createVersionCache();
  return createLambdaHandler({
    name: 'infer',
    logger,
    init: async () => {
      if (config === undefined) throw configError;
      return { config, deps: createJobDeps(config, logger, clockFromEnv(env), versionCache) };
    },
    handle: ({ config, deps }, event) => runInference(deps, requestFromEvent(event, config)),
  });
}

/** The run request of an invocation: the configured one, with a manual invocation's overrides. */
export function requestFromEvent(event: unknown, config: InferConfig): InferenceRequest {
  const base: InferenceRequest = {
    symbols: config.symbols,
    modelVersion: config.modelVersion,
    oodZLimit: config.oodZLimit,
    ...(config.maxModelAgeDays === undefined ? {} : { maxModelAgeDays: config.maxModelAgeDays }),
  };
  if (isScheduledEvent(event) || event === null || event === undefined) return base;
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new InvalidInferRequestError(
      `event must be an EventBridge scheduled event or {symbols?, modelVersion?}, got ${JSON.stringify(event)}`,
    );
  }
  const { symbols, modelVersion } = event as { symbols?: unknown; modelVersion?: unknown };
  if (symbols !== undefined && !(Array.isArray(symbols) && symbols.every((s) => typeof s === 'string'))) {
    throw new InvalidInferRequestError(
      `event field 'symbols' must be an array of strings, got ${JSON.stringify(symbols)}`,
    );
  }
  if (modelVersion !== undefined && typeof modelVersion !== 'string') {
    throw new InvalidInferRequestError(
      `event field 'modelVersion' must be a string, got ${JSON.stringify(modelVersion)}`,
    );
  }
  return {
    ...base,
    ...(symbols === undefined ? {} : { symbols: symbols as string[] }),
    ...(modelVersion === undefined ? {} : { modelVersion }),
  };
}
