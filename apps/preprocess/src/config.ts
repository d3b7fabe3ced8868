import {
  DEFAULT_MAX_RAW_OBJECT_BYTES,
  MAX_RAW_OBJECT_BYTES_BOUNDS,
  MAX_RAW_OBJECT_BYTES_VARIABLE,
} from '@cf/ohlcv';
import { envReader, LOG_LEVELS, type LogLevel } from '@cf/service';

/** The variable this service read the size limit from before ingest shared it; refused so no setting is lost. */
const RETIRED_MAX_RAW_BYTES = 'PREPROCESS_MAX_RAW_BYTES';

/** The preprocess service's configuration, read once from the environment. */
export interface PreprocessConfig {
  /** `./data`, `file:///abs/dir` or `s3://bucket/prefix`. */
  readonly storeUrl: string;
  /** Path-style S3 URLs (needed by most S3-compatible servers). */
  readonly s3ForcePathStyle: boolean;
  /** Port of `main.js serve`. */
  readonly port: number;
  /** `undefined` when LOG_LEVEL is unset: the server logs at info, the CLI at warn. */
  readonly logLevel?: LogLevel;
  /** Raw objects larger than this many bytes are quarantined whole without being read (shared with ingest). */
  readonly maxRawBytes: number;
  /** Symbols processed at once: peak memory grows with it, not with the number of symbols. */
  readonly symbolConcurrency: number;
}

/**
 * Reads and checks every preprocess variable at once (see the README's configuration table); throws one
 * `ConfigError` listing every problem.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): PreprocessConfig {
  const read = envReader(env);
  const config: PreprocessConfig = {
    storeUrl: read.string('STORE_URL', { default: './data' }),
    s3ForcePathStyle: read.bool('S3_FORCE_PATH_STYLE', { default: false }),
    port: read.int('PORT', { default: 8080, min: 0, max: 65_535 }),
    maxRawBytes: read.int(MAX_RAW_OBJECT_BYTES_VARIABLE, {
      default: DEFAULT_MAX_RAW_OBJECT_BYTES,
      ...MAX_RAW_OBJECT_BYTES_BOUNDS,
    }),
    symbolConcurrency: read.int('PREPROCESS_SYMBOL_CONCURRENCY', { default: 1, min: 1, max: 16 }),
  };
  if (env[RETIRED_MAX_RAW_BYTES] !== undefined) {
    read.problem(
      `Environment variable ${RETIRED_MAX_RAW_BYTES} is no longer read: set ${MAX_RAW_OBJECT_BYTES_VARIABLE} ` +
        `instead (ingest reads it too, so that it never stores an object preprocess refuses)`,
    );
  }
  const logLevel = env['LOG_LEVEL']?.trim()
    ? read.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' })
    : undefined;
  read.done();
  return Object.freeze(logLevel === undefined ? config : { ...config, logLevel });
}

/** The job options the configuration sets (`PreprocessDeps` fields), for every adapter alike. */
export function runOptionsOf(
  config: PreprocessConfig,
): Pick<PreprocessConfig, 'maxRawBytes' | 'symbolConcurrency'> {
  return { maxRawBytes: config.maxRawBytes, symbolConcurrency: config.symbolConcurrency };
}
