import { envReader, LOG_LEVELS, type LogLevel } from '@cf/service';
import { DEFAULT_MAX_RAW_BYTES } from './parsers/read-raw-object';

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
  /** Raw objects larger than this many bytes are quarantined whole without being read. */
  readonly maxRawBytes: number;
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
    maxRawBytes: read.int('PREPROCESS_MAX_RAW_BYTES', {
      default: DEFAULT_MAX_RAW_BYTES,
      min: 1024,
      max: 2 ** 31 - 1,
    }),
  };
  const logLevel = env['LOG_LEVEL']?.trim()
    ? read.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' })
    : undefined;
  read.done();
  return Object.freeze(logLevel === undefined ? config : { ...config, logLevel });
}
