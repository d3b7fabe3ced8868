import { InvalidKeyError } from './errors';

// The store's key layout (DESIGN.md, "The store"). Every key is built here so that no service
// can write outside its prefix or let a symbol like `../../etc` escape the store.

const SYMBOL = /^[A-Z0-9]{1,15}$/;
const SOURCE = /^[a-z0-9][a-z0-9-]{0,31}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._=-]{0,127}$/;
const MAX_KEY_LENGTH = 1024;

/** Throws `InvalidKeyError` unless `key` is relative, has no empty, `.` or `..` segments and no control characters. */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError('key is empty');
  if (key.length > MAX_KEY_LENGTH)
    throw new InvalidKeyError(`key is longer than ${MAX_KEY_LENGTH}: '${key.slice(0, 64)}…'`);
  if (key.startsWith('/')) throw new InvalidKeyError(`key '${key}' is absolute`);
  if (key.includes('\\')) throw new InvalidKeyError(`key '${key}' contains a backslash`);
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key))
    throw new InvalidKeyError(`key '${JSON.stringify(key)}' contains a control character`);
  for (const segment of key.split('/')) {
    if (segment === '') throw new InvalidKeyError(`key '${key}' has an empty segment`);
    if (segment === '.' || segment === '..')
      throw new InvalidKeyError(`key '${key}' has a '${segment}' segment`);
  }
}

/** Throws `InvalidKeyError` unless `prefix` is empty or a valid key, optionally ending with `/`. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  assertValidKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** Joins validated segments into a key. */
export function joinKey(...segments: string[]): string {
  const key = segments.join('/');
  assertValidKey(key);
  return key;
}

/** Returns `symbol` when it matches `[A-Z0-9]{1,15}`, else throws `InvalidKeyError`. */
export function checkSymbol(symbol: string): string {
  if (!SYMBOL.test(symbol))
    throw new InvalidKeyError(`symbol '${symbol}' is not valid: expected [A-Z0-9]{1,15}`);
  return symbol;
}

/** Returns `day` when it looks like `YYYY-MM-DD`, else throws `InvalidKeyError`. */
export function checkDay(day: string): string {
  if (!DAY.test(day)) throw new InvalidKeyError(`day '${day}' is not valid: expected YYYY-MM-DD`);
  return day;
}

/** Returns `source` when it is a lower-case provider name such as `cryptocompare`, else throws. */
export function checkSource(source: string): string {
  if (!SOURCE.test(source))
    throw new InvalidKeyError(`source '${source}' is not valid: expected [a-z0-9-]{1,32}`);
  return source;
}

/** Returns `name` when it is a safe single segment (versions, run ids, file names), else throws. */
export function checkName(name: string, what = 'name'): string {
  if (!NAME.test(name) || name === '.' || name === '..') {
    throw new InvalidKeyError(`${what} '${name}' is not valid: expected [A-Za-z0-9][A-Za-z0-9._=-]{0,127}`);
  }
  return name;
}

/** `raw/source={src}/symbol={SYM}/dt={day}/candles.json`: one provider response. */
export function rawCandlesKey(source: string, symbol: string, day: string): string {
  return joinKey(
    'raw',
    `source=${checkSource(source)}`,
    `symbol=${checkSymbol(symbol)}`,
    `dt=${checkDay(day)}`,
    'candles.json',
  );
}

/** The prefix under which all raw objects (or one source's) live. */
export function rawPrefix(source?: string): string {
  return source === undefined ? 'raw/' : `raw/source=${checkSource(source)}/`;
}

/** `processed/daily/symbol={SYM}/ohlcv.csv`: one asset's clean history. */
export function processedDatasetKey(symbol: string): string {
  return joinKey('processed', 'daily', `symbol=${checkSymbol(symbol)}`, 'ohlcv.csv');
}

/** The processed datasets' manifest. */
export const PROCESSED_MANIFEST_KEY = 'processed/daily/_manifest.json';

/** `processed/quarantine/dt={day}/symbol={SYM}.json`: rows rejected on that day's run. */
export function quarantineKey(day: string, symbol: string): string {
  return joinKey('processed', 'quarantine', `dt=${checkDay(day)}`, `symbol=${checkSymbol(symbol)}.json`);
}

/** The name under which the promoted model lives. */
export const LATEST_MODEL_VERSION = 'latest';

/** `models/{version}/`: prefix of one model version (or of `latest`). */
export function modelPrefix(version: string): string {
  return `${joinKey('models', checkName(version, 'model version'))}/`;
}

/** `models/{version}/{file}`. */
export function modelKey(version: string, file: string): string {
  return joinKey('models', checkName(version, 'model version'), checkName(file, 'file name'));
}

/** `predictions/dt={day}/symbol={SYM}.{json|csv}`: the forecast made from data up to `day`. */
export function predictionKey(day: string, symbol: string, ext: 'json' | 'csv'): string {
  return joinKey('predictions', `dt=${checkDay(day)}`, `symbol=${checkSymbol(symbol)}.${ext}`);
}

/** `predictions/latest/{file}`. */
export function latestPredictionKey(file: string): string {
  return joinKey('predictions', 'latest', checkName(file, 'file name'));
}

/** `monitoring/{daily|rolling}/dt={day}/metrics.json`. */
export function monitoringMetricsKey(kind: 'daily' | 'rolling', day: string): string {
  return joinKey('monitoring', kind, `dt=${checkDay(day)}`, 'metrics.json');
}

/** `monitoring/alerts/dt={day}/alerts.json`. */
export function alertsKey(day: string): string {
  return joinKey('monitoring', 'alerts', `dt=${checkDay(day)}`, 'alerts.json');
}

/** `backtests/{id}/{file}`. */
export function backtestKey(id: string, file: string): string {
  return joinKey('backtests', checkName(id, 'backtest id'), checkName(file, 'file name'));
}
