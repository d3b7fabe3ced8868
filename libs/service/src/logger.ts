import pino from 'pino';

/** The logger every service and job receives: a pino logger writing JSON lines. */
export type Logger = pino.Logger;

/** Levels `createLogger` accepts, most severe first; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of `LOG_LEVELS`. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Paths whose values are replaced by `[redacted]` in every log line: keys, passwords, tokens, auth headers. */
export const REDACTED_PATHS: readonly string[] = [
  'apiKey',
  'api_key',
  'password',
  'secret',
  'secretAccessKey',
  'authorization',
  'sessionToken',
  '["x-api-key"]',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.secret',
  '*.secretAccessKey',
  '*.authorization',
  '*.sessionToken',
  '*["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  '*.credentials.secretAccessKey',
  '*.credentials.sessionToken',
];

/** Options of `createLogger`. */
export interface CreateLoggerOptions {
  /** Service or job name, written as `name` on every line. */
  readonly name: string;
  /** One of `LOG_LEVELS`; default `info`. */
  readonly level?: string;
  /** Where lines go; default stdout. */
  readonly destination?: pino.DestinationStream;
}

/**
 * A pino logger writing one JSON object per line with an ISO `time`, the level as a word and secrets
 * (`REDACTED_PATHS`) censored as `[redacted]`.
 *
 * @example
 * const logger = createLogger({ name: 'ingest', level: config.logLevel });
 * logger.info({ symbol: 'BTC' }, 'fetched candles');
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}
