import type { Candle, CandleRejectReason } from '@cf/ohlcv';

/** Why a raw object, or one row of it, is quarantined before candle validation. */
export type ParseReason =
  /** The object is larger than the size limit; it is not read. */
  | 'too-large'
  /** The stored bytes are not JSON (a truncated upload, a stray file). */
  | 'invalid-json'
  /** The JSON is not a RawEnvelope: a field is missing or has the wrong type. */
  | 'bad-envelope'
  /** The envelope names a source preprocess has no parser for. */
  | 'unknown-source'
  /** The envelope's symbol does not match `[A-Z0-9]{1,15}`. */
  | 'bad-symbol'
  /** The key is not `raw/source={src}/symbol={SYM}/dt={day}/candles.json`, or disagrees with the envelope. */
  | 'key-mismatch'
  /** The provider answered with an error body (CryptoCompare `Response: "Error"`, Binance `{ code, msg }`). */
  | 'provider-error'
  /** The body is not the provider's response shape (no `Data.Data` array, klines not an array, CSV not text). */
  | 'bad-body-shape'
  /** A CSV body cannot be read at all (no header, missing columns, broken quoting). */
  | 'csv-format'
  /** A row is not an object (CryptoCompare) or not an array of at least 8 fields (Binance). */
  | 'wrong-shape'
  /** A field is missing or has a JSON type the provider never sends. */
  | 'wrong-type'
  /** A number sent as a string where the provider sends JSON numbers (CryptoCompare); never coerced. */
  | 'number-as-string'
  /** A string where the provider sends decimal strings (Binance) that is not a decimal number. */
  | 'not-a-number'
  /** A day timestamp that is not exactly 00:00:00 UTC. */
  | 'not-midnight-utc'
  /** A timestamp outside the years 1970 to 9999. */
  | 'bad-timestamp'
  /** A Binance kline whose close time is not open time + 1 day - 1 ms: not a `1d` candle. */
  | 'not-daily-interval'
  /** An all-zero CryptoCompare row before the asset's first real price (the provider's padding). */
  | 'pre-listing-zeros'
  /** A CSV row's symbol column names another asset than the envelope. */
  | 'symbol-mismatch'
  /** A CSV row that cannot be read as a candle (wrong field count, unreadable date or number). */
  | 'bad-row'
  /** The object holds the same day twice with different values: neither can be trusted. */
  | 'conflicting-day';

/** Every reason a row or object can be quarantined for: parse reasons and `validateCandles`'s reasons. */
export type QuarantineReason = ParseReason | CandleRejectReason;

/** Where in the raw object a problem is: `Data.Data[3]`, `[12]`, `line 7`, or `object` for the whole. */
export type RowLocation = string;

/** The location used for problems of a whole raw object. */
export const WHOLE_OBJECT: RowLocation = 'object';

/**
 * One quarantined row (or whole object), with the raw key it came from, the row exactly as received (for a
 * whole object: the first characters of its text) and why. `reasons` is never empty; the first is primary.
 */
export interface RawProblem {
  readonly rawKey: string;
  readonly at: RowLocation;
  readonly row: unknown;
  readonly reasons: readonly QuarantineReason[];
  readonly detail: string;
}

/** A candle read from a raw row, with the row as received (kept so a validation failure can quarantine it). */
export interface ParsedCandle {
  readonly candle: Candle;
  readonly at: RowLocation;
  readonly row: unknown;
}

/** What a parser makes of one raw object: candidate candles (not yet validated) and quarantined rows. */
export interface ParsedRaw {
  readonly candles: ParsedCandle[];
  readonly problems: RawProblem[];
}

/** A problem that applies to the whole object: no row of it is used. */
export function wholeObjectProblem(
  rawKey: string,
  excerpt: string,
  reason: QuarantineReason,
  detail: string,
): ParsedRaw {
  return { candles: [], problems: [{ rawKey, at: WHOLE_OBJECT, row: excerpt, reasons: [reason], detail }] };
}

/** One field check's failure, gathered per row so a row's every problem is reported at once. */
export interface FieldIssue {
  readonly reason: QuarantineReason;
  readonly detail: string;
}

/** Turns a row's field issues into one problem (reasons in field order, details joined). */
export function rowProblem(
  rawKey: string,
  at: RowLocation,
  row: unknown,
  issues: readonly FieldIssue[],
): RawProblem {
  const reasons = [...new Set(issues.map((issue) => issue.reason))];
  return { rawKey, at, row, reasons, detail: issues.map((issue) => issue.detail).join('; ') };
}

/** `value` for a detail message: strings quoted, everything else as JSON would show it. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
