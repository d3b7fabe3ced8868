import { envReader, LOG_LEVELS, type LogLevel } from '@cf/service';

/** tfjs backends `TF_BACKEND` may ask for; `auto` tries tensorflow, then wasm, then cpu. */
export const TF_BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._=-]{0,127}$/;

/** The train service's configuration, read once from the environment. */
export interface TrainConfig {
  /** `./data`, `file:///abs/dir` or `s3://bucket/prefix`; `--store` overrides it. */
  readonly storeUrl: string;
  /** STORE_URL was set (not defaulted): only then does `main.js train` also publish the version to the store. */
  readonly storeUrlSet: boolean;
  /**
   * TRAINING_RUN_ID (the monitor passes its SageMaker job name): `main.js train` records the version it
   * published in `models/{run id}/published-version.json`, where the monitor looks for it.
   */
  readonly trainingRunId?: string;
  /** Path-style S3 URLs (needed by most S3-compatible servers); the SDK reads `AWS_ENDPOINT_URL_S3` itself. */
  readonly s3ForcePathStyle: boolean;
  readonly tfBackend: (typeof TF_BACKEND_CHOICES)[number];
  /** Port of `main.js serve`. */
  readonly port: number;
  /** `undefined` when LOG_LEVEL is unset: the server and SageMaker entry log at info, the CLI at warn. */
  readonly logLevel?: LogLevel;
  /** Root of the SageMaker container tree (`/opt/ml`); tests move it to a temp folder. */
  readonly smRoot: string;
}

/**
 * Reads and checks every train variable at once (see the README's configuration table); throws one
 * `ConfigError` listing every problem.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): TrainConfig {
  const read = envReader(env);
  const trainingRunId = read.optionalString('TRAINING_RUN_ID');
  const config: TrainConfig = {
    storeUrl: read.string('STORE_URL', { default: './data' }),
    storeUrlSet: read.optionalString('STORE_URL') !== undefined,
    ...(trainingRunId === undefined ? {} : { trainingRunId }),
    s3ForcePathStyle: read.bool('S3_FORCE_PATH_STYLE', { default: false }),
    tfBackend: read.oneOf('TF_BACKEND', TF_BACKEND_CHOICES, { default: 'auto' }),
    port: read.int('PORT', { default: 8080, min: 0, max: 65_535 }),
    smRoot: read.string('SM_ROOT', { default: '/opt/ml' }),
  };
  const logLevel = env['LOG_LEVEL']?.trim()
    ? read.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' })
    : undefined;
  if (trainingRunId !== undefined && (!RUN_ID.test(trainingRunId) || trainingRunId === 'latest')) {
    read.problem(
      `Environment variable TRAINING_RUN_ID must be one key segment [A-Za-z0-9][A-Za-z0-9._=-]{0,127} other than 'latest' (a SageMaker job name is), got '${trainingRunId}'`,
    );
  }
  read.done();
  return Object.freeze(logLevel === undefined ? config : { ...config, logLevel });
}
