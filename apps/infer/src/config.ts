import { SYMBOL_PATTERN } from '@cf/ohlcv';
import { envReader, LOG_LEVELS, type LogLevel } from '@cf/service';
import { checkName, LATEST_MODEL_VERSION } from '@cf/storage';

/** tfjs backends `TF_BACKEND` may prefer (the others remain fallbacks). */
export const TF_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

/** One of `TF_BACKENDS`. */
export type TfBackendPreference = (typeof TF_BACKENDS)[number];

/** The five assets of the original system: the default of `INFER_SYMBOLS`. */
export const DEFAULT_SYMBOLS = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'] as const;

/** SageMaker's documented limit for a real-time InvokeEndpoint payload (6 MB), the default body limit. */
export const DEFAULT_INVOCATIONS_MAX_BYTES = 6 * 1024 * 1024;

/** The infer service's configuration, read once from the environment. */
export interface InferConfig {
  /** `./data`, `file:///abs/dir` or `s3://bucket/prefix`. */
  readonly storeUrl: string;
  /** Symbols of scheduled runs and the CLI's default. */
  readonly symbols: readonly string[];
  /** Model version the job forecasts with: `latest` (the promoted model) or a version name. */
  readonly modelVersion: string;
  /** Plain model folder the `serve` endpoint loads (SageMaker puts the model in `/opt/ml/model`). */
  readonly modelDir: string;
  /** When set, the job refuses to publish forecasts of a model trained through more than this many days ago. */
  readonly maxModelAgeDays?: number;
  /** Latest-day features beyond this many training standard deviations are flagged `outOfDistribution`. */
  readonly oodZLimit: number;
  /** Remote mode: the job calls this SageMaker endpoint instead of predicting in-process. */
  readonly endpointName?: string;
  /** Overrides the SageMaker runtime URL (`AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`, the SDK's own variable). */
  readonly sagemakerRuntimeEndpoint?: string;
  /** Port of `serve`: `SAGEMAKER_BIND_TO_PORT`, else `PORT`, else 8080. */
  readonly port: number;
  readonly tfBackend?: TfBackendPreference;
  readonly s3ForcePathStyle: boolean;
  /** `undefined` when LOG_LEVEL is unset: each adapter picks its default (server info, CLI warn). */
  readonly logLevel?: LogLevel;
  /** Largest /invocations body in bytes. */
  readonly invocationsMaxBytes: number;
  /** Most assets in one /invocations request; the job's remote batches are at most this. */
  readonly invocationsMaxSymbols: number;
  /** Most candles of one asset in one /invocations request. */
  readonly invocationsMaxRows: number;
  /**
   * Worker threads answering /invocations (`INVOCATIONS_WORKERS`); 0 answers on the event loop; undefined (the
   * default) means one per core.
   */
  readonly invocationsWorkers?: number;
  /** Requests that may wait for a free worker thread; one more is answered 503 (`INVOCATIONS_MAX_QUEUE`). */
  readonly invocationsMaxQueue: number;
}

/**
 * Reads and checks every infer variable at once (see the README's configuration table); throws one
 * `ConfigError` listing every problem.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): InferConfig {
  const read = envReader(env);
  const present = (name: string): boolean => read.optionalString(name) !== undefined;
  const modelVersion = read.string('MODEL_VERSION', { default: LATEST_MODEL_VERSION });
  const maxModelAgeDays = present('MAX_MODEL_AGE_DAYS')
    ? read.int('MAX_MODEL_AGE_DAYS', { min: 0, max: 36_500 })
    : undefined;
  const endpointName = read.optionalString('INFER_ENDPOINT_NAME');
  const runtimeEndpoint = read.optionalString('AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME');
  const bindPort = present('SAGEMAKER_BIND_TO_PORT')
    ? read.int('SAGEMAKER_BIND_TO_PORT', { min: 0, max: 65_535 })
    : undefined;
  const port = read.int('PORT', { default: 8080, min: 0, max: 65_535 });
  const tfBackend = present('TF_BACKEND')
    ? read.oneOf('TF_BACKEND', TF_BACKENDS, { default: 'wasm' })
    : undefined;
  const workers = present('INVOCATIONS_WORKERS')
    ? read.int('INVOCATIONS_WORKERS', { min: 0, max: 64 })
    : undefined;
  const logLevel = present('LOG_LEVEL')
    ? read.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' })
    : undefined;

  const config: InferConfig = {
    storeUrl: read.string('STORE_URL', { default: './data' }),
    symbols: read.list('INFER_SYMBOLS', { default: DEFAULT_SYMBOLS, pattern: SYMBOL_PATTERN }),
    modelVersion,
    modelDir: read.string('MODEL_DIR', { default: '/opt/ml/model' }),
    ...(maxModelAgeDays === undefined ? {} : { maxModelAgeDays }),
    oodZLimit: read.number('OOD_Z_LIMIT', { default: 4, min: Number.MIN_VALUE, max: 1e6 }),
    ...(endpointName === undefined ? {} : { endpointName }),
    ...(runtimeEndpoint === undefined ? {} : { sagemakerRuntimeEndpoint: runtimeEndpoint }),
    port: bindPort ?? port,
    ...(tfBackend === undefined ? {} : { tfBackend }),
    s3ForcePathStyle: read.bool('S3_FORCE_PATH_STYLE', { default: false }),
    ...(logLevel === undefined ? {} : { logLevel }),
    invocationsMaxBytes: read.int('INVOCATIONS_MAX_BYTES', {
      default: DEFAULT_INVOCATIONS_MAX_BYTES,
      min: 1024,
      max: 1024 * 1024 * 1024,
    }),
    invocationsMaxSymbols: read.int('INVOCATIONS_MAX_SYMBOLS', { default: 100, min: 1, max: 100_000 }),
    invocationsMaxRows: read.int('INVOCATIONS_MAX_ROWS', { default: 5000, min: 1, max: 1_000_000 }),
    ...(workers === undefined ? {} : { invocationsWorkers: workers }),
    invocationsMaxQueue: read.int('INVOCATIONS_MAX_QUEUE', { default: 64, min: 0, max: 100_000 }),
  };
  if (config.symbols.length === 0)
    read.problem('Environment variable INFER_SYMBOLS must name at least one symbol');
  if (!isModelVersion(modelVersion)) {
    read.problem(
      `Environment variable MODEL_VERSION must be 'latest' or a version name [A-Za-z0-9._=-], got '${modelVersion}'`,
    );
  }
  if (endpointName !== undefined && !/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(endpointName)) {
    read.problem(
      `Environment variable INFER_ENDPOINT_NAME must be a SageMaker endpoint name ([a-zA-Z0-9-], up to 63), got '${endpointName}'`,
    );
  }
  if (runtimeEndpoint !== undefined && !/^https?:\/\/[^/\s]+/i.test(runtimeEndpoint)) {
    read.problem(
      `Environment variable AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME must be an http(s) URL, got '${runtimeEndpoint}'`,
    );
  }
  read.done();
  return Object.freeze(config);
}

function isModelVersion(value: string): boolean {
  try {
    checkName(value, 'model version');
    return true;
  } catch {
    return false;
  }
}
