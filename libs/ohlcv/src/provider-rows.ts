import type { Candle } from './candle';

/** Why one row of a provider's body is not a candle (before `validateCandles` judges the candles). */
export type ProviderRowReason =
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
  /** A timestamp that is not an integer instant between 1970 and 9999. */
  | 'bad-timestamp'
  /** A timestamp in another unit than the provider's (milliseconds where it sends seconds); never converted. */
  | 'wrong-time-unit'
  /** A Binance kline whose close time is not open time + 1 day - 1 ms: not a `1d` candle. */
  | 'not-daily-interval'
  /** An all-zero CryptoCompare row before the asset's first real price (the provider's padding). */
  | 'pre-listing-zeros';

/** Why a whole body is not a page of rows. */
export type ProviderBodyRefusal =
  /** The provider answered with an error body (CryptoCompare `Response: "Error"`, Binance `{ code, msg }`). */
  | 'provider-error'
  /** The body is not the provider's response shape; the detail names the field and what was expected. */
  | 'bad-body-shape';

/** One field check's failure; a row's issues are gathered so that all of them are reported at once. */
export interface ProviderRowIssue {
  readonly reason: ProviderRowReason;
  readonly detail: string;
}

/** A candidate candle read from one row (not validated yet), with where the row is and the row as received. */
export interface ProviderRow {
  readonly candle: Candle;
  /** `Data.Data[3]` (CryptoCompare), `[12]` (Binance). */
  readonly at: string;
  readonly row: unknown;
}

/** A row that is not a candle: where it is, the row as received, and every reason (the first is primary). */
export interface ProviderRowProblem {
  readonly at: string;
  readonly row: unknown;
  readonly reasons: readonly ProviderRowReason[];
  readonly detail: string;
}

/** A provider body read row by row, or refused whole (an error body, not the provider's shape). */
export type ProviderRows =
  | {
      readonly ok: true;
      readonly rows: readonly ProviderRow[];
      readonly problems: readonly ProviderRowProblem[];
    }
  | { readonly ok: false; readonly reason: ProviderBodyRefusal; readonly detail: string };

/** A row's issues as one problem: reasons in field order without repeats, details joined. */
export function rowProblem(
  at: string,
  row: unknown,
  issues: readonly ProviderRowIssue[],
): ProviderRowProblem {
  const reasons = [...new Set(issues.map((issue) => issue.reason))];
  return { at, row, reasons, detail: issues.map((issue) => issue.detail).join('; ') };
}

const SHOWN_CHARS = 120;

/**
 * `value` for a message: `missing` for undefined, numbers as written (`NaN`, `Infinity`), everything else
 * as JSON, cut after 120 characters.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

/** `an array`, `null`, `a string "..."`: what a JSON value is, for "expected X, got Y" messages. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    return keys.length === 0 ? 'an empty object' : `an object with fields ${keys.slice(0, 8).join(', ')}`;
  }
  return `a ${typeof value} ${showValue(value)}`;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
