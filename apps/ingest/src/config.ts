import {
  MAX_RAW_OBJECT_BYTES_BOUNDS,
  MAX_RAW_OBJECT_BYTES_VARIABLE,
  SYMBOL_PATTERN,
  type RawSource,
} from '@cf/ohlcv';
import { envReader, LOG_LEVELS, type LogLevel } from '@cf/service';
import { INGEST_SOURCES } from './job/ingest-request';
import { DEFAULT_INGEST_SETTINGS, resolveSettings, type IngestSettings } from './job/ingest-settings';

/** The ingest service's configuration, read once from the environment. */
export interface IngestConfig {
  /** `./data`, `file:///abs/dir` or `s3://bucket/prefix`. */
  readonly storeUrl: string;
  /** Source of scheduled (Lambda) runs and the CLI's default. */
  readonly source: RawSource;
  /** Symbols of scheduled runs and the CLI's default. */
  readonly symbols: readonly string[];
  readonly settings: IngestSettings;
  readonly s3ForcePathStyle: boolean;
  /** Secrets Manager secret (name or ARN) holding the CryptoCompare key; read by the Lambda handler. */
  readonly apiKeySecret?: string;
  readonly port: number;
  /** `undefined` when LOG_LEVEL is unset: each adapter picks its own default (server info, CLI warn). */
  readonly logLevel?: LogLevel;
}

/** The five assets of the original system. */
export const DEFAULT_SYMBOLS = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'] as const;

/**
 * Reads and checks every ingest variable at once (see the README's configuration table); throws one
 * `ConfigError` listing every problem.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): IngestConfig {
  const read = envReader(env);
  const d = DEFAULT_INGEST_SETTINGS;
  const url = (name: string, fallback: string): string => {
    const value = read.string(name, { default: fallback });
    if (!/^https?:\/\/[^/\s]+/i.test(value))
      read.problem(`Environment variable ${name} must be an http(s) URL, got '${value}'`);
    return value;
  };

  const apiKey = read.optionalString('CRYPTOCOMPARE_API_KEY');
  const apiKeySecret = read.optionalString('CRYPTOCOMPARE_API_KEY_SECRET');
  if (apiKey !== undefined && apiKeySecret !== undefined) {
    read.problem(
      'Environment variables CRYPTOCOMPARE_API_KEY and CRYPTOCOMPARE_API_KEY_SECRET are both set: give the key or the secret holding it, not both',
    );
  }
  const config: IngestConfig = {
    storeUrl: read.string('STORE_URL', { default: './data' }),
    source: read.oneOf('INGEST_SOURCE', INGEST_SOURCES, { default: 'cryptocompare' }),
    symbols: read.list('INGEST_SYMBOLS', { default: DEFAULT_SYMBOLS, pattern: SYMBOL_PATTERN }),
    settings: resolveSettings({
      cryptocompare: {
        baseUrl: url('CRYPTOCOMPARE_BASE_URL', d.cryptocompare.baseUrl),
        ...(apiKey === undefined ? {} : { apiKey }),
      },
      binance: {
        baseUrl: url('BINANCE_BASE_URL', d.binance.baseUrl),
        quoteAsset: read.string('BINANCE_QUOTE_ASSET', { default: d.binance.quoteAsset }),
      },
      csvDir: read.string('INGEST_CSV_DIR', { default: d.csvDir }),
      dailyLookbackDays: read.int('INGEST_DAILY_LOOKBACK_DAYS', {
        default: d.dailyLookbackDays,
        min: 1,
        max: 366,
      }),
      concurrency: read.int('INGEST_CONCURRENCY', { default: d.concurrency, min: 1, max: 32 }),
      requestsPerSecond: read.number('INGEST_REQUESTS_PER_SECOND', {
        default: d.requestsPerSecond,
        min: 0.01,
        max: 1000,
      }),
      timeoutMs: read.int('INGEST_TIMEOUT_MS', { default: d.timeoutMs, min: 100, max: 600_000 }),
      retry: {
        maxAttempts: read.int('INGEST_MAX_ATTEMPTS', { default: d.retry.maxAttempts, min: 1, max: 20 }),
      },
      maxRawObjectBytes: read.int(MAX_RAW_OBJECT_BYTES_VARIABLE, {
        default: d.maxRawObjectBytes,
        ...MAX_RAW_OBJECT_BYTES_BOUNDS,
      }),
    }),
    s3ForcePathStyle: read.bool('S3_FORCE_PATH_STYLE', { default: false }),
    ...(apiKeySecret === undefined ? {} : { apiKeySecret }),
    port: read.int('PORT', { default: 8080, min: 0, max: 65_535 }),
  };
  const quote = config.settings.binance.quoteAsset;
  if (!/^[A-Z0-9]{2,10}$/.test(quote)) {
    read.problem(
      `Environment variable BINANCE_QUOTE_ASSET must be an asset code such as USDT, got '${quote}'`,
    );
  }
  const logLevel = env.LOG_LEVEL?.trim()
    ? read.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' })
    : undefined;

  read.done();
  return Object.freeze(logLevel === undefined ? config : { ...config, logLevel });
}
