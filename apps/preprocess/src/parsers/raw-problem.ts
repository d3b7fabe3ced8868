import type {
  Candle,
  CandleRejectReason,
  ProviderBodyRefusal,
  ProviderRowReason,
  ProviderRows,
} from '@cf/ohlcv';

/** Why a raw object, or one row of it, is quarantined before candle validation. */
export type ParseReason =
  /** The key cannot be read at all (a backslash or a control character, not a valid store key). */
  | 'unreadable-key'
  /** The object is larger than the size limit; it is not read. */
  | 'too-large'
  /** The stored bytes are not JSON (a truncated upload, a stray file), or the body is not JSON. */
  | 'invalid-json'
  /** The JSON is not a RawEnvelope: a field is missing or has the wrong type. */
  | 'bad-envelope'
  /** The envelope names a source preprocess has no parser for. */
  | 'unknown-source'
  /** The envelope's symbol does not match `[A-Z0-9]{1,15}`. */
  | 'bad-symbol'
  /** The key is not `raw/source={src}/symbol={SYM}/dt={day}/candles.json`, or disagrees with the envelope. */
  | 'key-mismatch'
  /** The body no longer hashes to the envelope's `bodySha256`: it changed after it was fetched. */
  | 'sha256-mismatch'
  /** The provider's error body, or a body that is not the provider's response shape. */
  | ProviderBodyRefusal
  /** A CSV body cannot be read at all (no header, missing columns, broken quoting). */
  | 'csv-format'
  /** One row of a provider body is not a candle (see `ProviderRowReason` of `@cf/ohlcv`). */
  | ProviderRowReason
  /** A CSV row's symbol column names another asset than the envelope. */
  | 'symbol-mismatch'
  /** A CSV row that cannot be read as a candle (wrong field count, unreadable date or number). */
  | 'bad-row'
  /** A candle for a day the response's request did not ask for. */
  | 'outside-requested-range'
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

/** A provider body read by `@cf/ohlcv` (`parseCryptoCompareRows`, `parseBinanceRows`) as this object's rows. */
export function parsedFromProviderRows(page: ProviderRows, rawKey: string, excerpt: string): ParsedRaw {
  if (!page.ok) return wholeObjectProblem(rawKey, excerpt, page.reason, page.detail);
  return {
    candles: [...page.rows],
    problems: page.problems.map((problem) => ({ rawKey, ...problem })),
  };
}
