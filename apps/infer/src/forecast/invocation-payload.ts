import { CANDLE_COLUMNS, isValidSymbol, parseCandlesCsv, QUANTILE_LEVELS, type Candle } from '@cf/ohlcv';
import { InvalidCandlesError, InvalidPayloadError, UnsupportedContentTypeError } from '../errors';
import { checkCandleSeries } from './check-candle-series';

/**
 * What `/invocations` forecasts: candles per symbol (each already checked: valid, one row per day, sorted) and
 * the optional out-of-distribution limit the caller wants (the endpoint's OOD_Z_LIMIT otherwise).
 */
export interface InvocationRequest {
  readonly candles: ReadonlyMap<string, readonly Candle[]>;
  readonly oodZLimit?: number;
  /**
   * Calibrated quantile levels by symbol, `[day][k]` (what the job reads from the calibration state): a range
   * model's quantiles are read at them and published as the nominal levels'. Absent: the nominal levels.
   */
  readonly levels?: ReadonlyMap<string, readonly (readonly number[])[]>;
}

/** Calibrated levels by symbol, `[day][k]`. */
export type CalibratedLevels = ReadonlyMap<string, readonly (readonly number[])[]>;

/** The fields of one JSON candle row; `symbol` may be added and must then equal the key it is listed under. */
const ROW_FIELDS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
const NUMBER_FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
const TOP_FIELDS = ['candles', 'oodZLimit', 'levels'];
const MAX_REPORTED_PROBLEMS = 3;

/**
 * The JSON body of an `/invocations` request (what the job sends in remote mode):
 * `{"candles": {"BTC": [{"date": "2024-02-10", "open": 1, "high": 2, "low": 0.5, "close": 1.5, "volume": 1e9}, ...]}}`.
 */
export function formatInvocationJson(
  candles: ReadonlyMap<string, readonly Candle[]>,
  oodZLimit?: number,
  levels?: CalibratedLevels,
): string {
  const body: Record<string, unknown> = {
    candles: Object.fromEntries(
      [...candles].map(([symbol, rows]) => [
        symbol,
        rows.map((c) => ({
          date: c.date,
          open: c.open,
          high: c.high,
          low: c.low,
          close: c.close,
          volume: c.volume,
        })),
      ]),
    ),
  };
  if (oodZLimit !== undefined) body.oodZLimit = oodZLimit;
  const sent = [...(levels ?? [])].filter(([symbol]) => candles.has(symbol));
  if (sent.length > 0) body.levels = Object.fromEntries(sent);
  return JSON.stringify(body);
}

/**
 * Reads an `/invocations` body by its content type: `application/json` (see `formatInvocationJson`) or
 * `text/csv` in the standard schema (`date,symbol,open,high,low,close,volume`, any column order, one or many
 * symbols). Every problem is an `input` error naming it: unknown content type, not JSON, unknown or missing
 * fields or columns, non-numeric values, unsorted or duplicate days.
 */
export function parseInvocationBody(body: Buffer, contentType: string | undefined): InvocationRequest {
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  if (mediaType === 'application/json') return parseJsonBody(body.toString('utf8'));
  if (mediaType === 'text/csv') return { candles: parseCsvBody(body.toString('utf8')) };
  throw new UnsupportedContentTypeError(contentType);
}

function parseJsonBody(text: string): InvocationRequest {
  if (text.trim() === '')
    throw new InvalidPayloadError('the body is empty: send {"candles": {"BTC": [...]}}');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InvalidPayloadError(`the body is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isRecord(doc))
    throw new InvalidPayloadError(`the body must be a JSON object {"candles": {...}}, got ${kindOf(doc)}`);
  const unknown = Object.keys(doc).filter((key) => !TOP_FIELDS.includes(key));
  if (unknown.length > 0) {
    throw new InvalidPayloadError(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}: the body is {"candles": {"SYMBOL": [rows]}, "oodZLimit"?: number, "levels"?: {"SYMBOL": [[level, ...], ...]}}`,
    );
  }
  const oodZLimit = doc.oodZLimit;
  if (
    oodZLimit !== undefined &&
    !(typeof oodZLimit === 'number' && Number.isFinite(oodZLimit) && oodZLimit > 0)
  ) {
    throw new InvalidPayloadError(`oodZLimit must be a positive number, got ${JSON.stringify(oodZLimit)}`);
  }
  if (!isRecord(doc.candles)) {
    throw new InvalidPayloadError(
      `field 'candles' must be an object of symbol -> rows, got ${kindOf(doc.candles)}`,
    );
  }
  const symbols = Object.keys(doc.candles);
  if (symbols.length === 0) throw new InvalidPayloadError("field 'candles' names no symbol");
  const candles = new Map<string, readonly Candle[]>();
  for (const symbol of symbols) {
    if (!isValidSymbol(symbol))
      throw new InvalidPayloadError(`symbol '${symbol}' is not valid: expected [A-Z0-9]{1,15}`);
    const rows = doc.candles[symbol];
    if (!Array.isArray(rows))
      throw new InvalidPayloadError(`candles.${symbol} must be an array of rows, got ${kindOf(rows)}`);
    candles.set(
      symbol,
      checkCandleSeries(
        symbol,
        rows.map((row, i) => jsonRow(symbol, row, i)),
        'payload',
      ),
    );
  }
  const levels = doc.levels === undefined ? undefined : parseLevels(doc.levels, candles);
  return {
    candles,
    ...(oodZLimit === undefined ? {} : { oodZLimit: oodZLimit as number }),
    ...(levels === undefined ? {} : { levels }),
  };
}

/** `levels`: symbol -> one row of increasing levels in (0, 1) per horizon day, one per `QUANTILE_LEVELS`. */
function parseLevels(value: unknown, candles: ReadonlyMap<string, readonly Candle[]>): CalibratedLevels {
  if (!isRecord(value)) {
    throw new InvalidPayloadError(
      `field 'levels' must be an object of symbol -> [[level, ...], ...], got ${kindOf(value)}`,
    );
  }
  const levels = new Map<string, number[][]>();
  for (const [symbol, rows] of Object.entries(value)) {
    if (!candles.has(symbol))
      throw new InvalidPayloadError(`levels.${symbol} names a symbol without candles`);
    const ok =
      Array.isArray(rows) &&
      rows.length > 0 &&
      rows.length <= 366 &&
      rows.every(
        (row) =>
          Array.isArray(row) &&
          row.length === QUANTILE_LEVELS.length &&
          row.every(
            (p, k) => typeof p === 'number' && p > 0 && p < 1 && (k === 0 || p >= (row[k - 1] as number)),
          ),
      );
    if (!ok) {
      throw new InvalidPayloadError(
        `levels.${symbol} must be one row per horizon day of ${QUANTILE_LEVELS.length} non-decreasing levels in (0, 1), got ${JSON.stringify(rows).slice(0, 200)}`,
      );
    }
    levels.set(symbol, rows as number[][]);
  }
  return levels;
}

/**
 * One JSON row as a candle. Most rows are well formed, so they are taken in one pass without building
 * anything; any other row goes through `describedJsonRow`, which names what is wrong.
 */
function jsonRow(symbol: string, row: unknown, index: number): Candle {
  if (typeof row === 'object' && row !== null && !Array.isArray(row)) {
    const { date, open, high, low, close, volume, symbol: named } = row as Record<string, unknown>;
    if (
      typeof date === 'string' &&
      typeof open === 'number' &&
      typeof high === 'number' &&
      typeof low === 'number' &&
      typeof close === 'number' &&
      typeof volume === 'number' &&
      (named === undefined
        ? ownKeyCount(row) === ROW_FIELDS.length
        : named === symbol && ownKeyCount(row) === ROW_FIELDS.length + 1)
    ) {
      return { date, symbol, open, high, low, close, volume };
    }
  }
  return describedJsonRow(symbol, row, index);
}

/** Own enumerable keys of a parsed JSON object, counted without building the list. */
function ownKeyCount(value: object): number {
  let count = 0;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) count++;
  return count;
}

function describedJsonRow(symbol: string, row: unknown, index: number): Candle {
  const where = `payload: ${symbol} row ${index + 1}`;
  if (!isRecord(row))
    throw new InvalidCandlesError(
      `${where} must be an object {date, open, high, low, close, volume}, got ${kindOf(row)}`,
    );
  const unknown = Object.keys(row).filter(
    (key) => key !== 'symbol' && !(ROW_FIELDS as readonly string[]).includes(key),
  );
  const missing = ROW_FIELDS.filter((field) => !(field in row));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      ...(unknown.length > 0 ? [`unknown field(s) ${unknown.join(', ')}`] : []),
      ...(missing.length > 0 ? [`missing field(s) ${missing.join(', ')}`] : []),
    ];
    throw new InvalidCandlesError(
      `${where} has ${parts.join(' and ')}: each row is {${ROW_FIELDS.join(', ')}}`,
    );
  }
  if (row.symbol !== undefined && row.symbol !== symbol) {
    throw new InvalidCandlesError(
      `${where} has symbol ${JSON.stringify(row.symbol)} but is listed under ${symbol}`,
    );
  }
  if (typeof row.date !== 'string')
    throw new InvalidCandlesError(
      `${where}: date must be a "YYYY-MM-DD" string, got ${JSON.stringify(row.date)}`,
    );
  const nonNumeric = NUMBER_FIELDS.filter((field) => typeof row[field] !== 'number');
  if (nonNumeric.length > 0) {
    const shown = nonNumeric
      .map((field) => `${field} ${JSON.stringify(row[field]) ?? 'undefined'}`)
      .join(', ');
    throw new InvalidCandlesError(
      `${where} (${row.date}): non-numeric value(s) ${shown}: prices and volume must be JSON numbers`,
    );
  }
  const n = (field: (typeof NUMBER_FIELDS)[number]) => row[field] as number;
  return {
    date: row.date,
    symbol,
    open: n('open'),
    high: n('high'),
    low: n('low'),
    close: n('close'),
    volume: n('volume'),
  };
}

function parseCsvBody(text: string): Map<string, readonly Candle[]> {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  if (header.trim() === '')
    throw new InvalidPayloadError(
      `the CSV body is empty: send a header ${CANDLE_COLUMNS.join(',')} and rows`,
    );
  const columns = header.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  const unknown = columns.filter((c) => !(CANDLE_COLUMNS as readonly string[]).includes(c));
  const missing = CANDLE_COLUMNS.filter((c) => !columns.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      ...(unknown.length > 0 ? [`unknown column(s) ${unknown.map((c) => `'${c}'`).join(', ')}`] : []),
      ...(missing.length > 0 ? [`missing column(s) ${missing.join(', ')}`] : []),
    ];
    throw new InvalidCandlesError(
      `CSV header has ${parts.join(' and ')}: expected ${CANDLE_COLUMNS.join(',')}`,
    );
  }
  const parsed = parseCandlesCsv(text);
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, MAX_REPORTED_PROBLEMS).map((p) => `line ${p.line}: ${p.detail}`);
    const more = parsed.problems.length - shown.length;
    throw new InvalidCandlesError(
      `CSV body has unreadable rows: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`,
    );
  }
  return groupBySymbol(parsed.candles, 'CSV body');
}

/** Candles of many symbols (in file order) grouped by symbol in order of first appearance, each checked. */
export function groupBySymbol(candles: readonly Candle[], where: string): Map<string, readonly Candle[]> {
  const groups = new Map<string, Candle[]>();
  for (const candle of candles) {
    const rows = groups.get(candle.symbol) ?? [];
    rows.push(candle);
    groups.set(candle.symbol, rows);
  }
  if (groups.size === 0) throw new InvalidCandlesError(`${where} has no rows`);
  return new Map([...groups].map(([symbol, rows]) => [symbol, checkCandleSeries(symbol, rows, where)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
