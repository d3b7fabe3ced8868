import { clockFromEnv, createLambdaHandler, createLogger, LOG_LEVELS } from '@cf/service';
import { openStore, S3ObjectStore, type ObjectStore } from '@cf/storage';
import { loadConfig, runOptionsOf } from './config';
import type { PreprocessReport } from './job/preprocess-report';
import { runPreprocess, type PreprocessDeps } from './job/run-preprocess';
import { decideLambdaRun } from './lambda-event';

const level = process.env['LOG_LEVEL']?.trim() ?? '';
// A bad LOG_LEVEL is reported by loadConfig in init; the logger must exist before that.
const logger = createLogger({
  name: 'preprocess',
  level: (LOG_LEVELS as readonly string[]).includes(level) ? level : 'info',
});

function keyPrefixOf(store: ObjectStore): string {
  return store instanceof S3ObjectStore ? store.prefix : '';
}

/**
 * AWS Lambda entry: S3 `ObjectCreated` notifications on raw/ (their keys are processed at least), EventBridge
 * scheduled events (incremental run), or a direct invocation with `{ full?, rawKeys? }`. Returns the report,
 * or `{ skipped }` when an S3 event names no raw object.
 */
export const handler = createLambdaHandler({
  name: 'preprocess',
  logger,
  init: async (): Promise<PreprocessDeps> => {
    const config = loadConfig(process.env);
    const store = openStore(config.storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } });
    return { store, clock: clockFromEnv(process.env), logger, ...runOptionsOf(config) };
  },
  handle: async (deps, event: unknown): Promise<PreprocessReport | { skipped: string }> => {
    const decision = decideLambdaRun(event, keyPrefixOf(deps.store));
    if (!decision.run) {
      logger.info({ reason: decision.reason, ignoredKeys: decision.ignoredKeys }, 'nothing to preprocess');
      return { skipped: decision.reason };
    }
    return runPreprocess(deps, decision.request);
  },
});
