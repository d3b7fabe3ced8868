import type { IsoDay } from './candle';

/** Providers whose responses land in raw/. */
export type RawSource = 'cryptocompare' | 'binance' | 'csv';

/**
 * `raw/source={src}/symbol={SYM}/dt={day}/candles.json`: one provider response as received, wrapped with
 * where it came from. Written by ingest, parsed by preprocess.
 *
 * - cryptocompare: `body` is the parsed JSON of `data/v2/histoday` (`{ Response, Data: { Data: [{ time, open,
 *   high, low, close, volumefrom, volumeto }] } }`).
 * - binance: `body` is the parsed JSON of `GET /api/v3/klines` (array of arrays; index 7 is quote volume).
 * - csv: `body` is the header and the lines of the requested days, byte for byte as in the file (never the
 *   current, incomplete UTC day).
 *
 * CryptoCompare bodies may hold all-zero padding rows (before an asset existed, with a real timestamp or
 * `time: 0`) and, for `limit=1`, one row before `coverage.from`; preprocess quarantines the former.
 */
export interface RawEnvelope<Body = unknown> {
  readonly schemaVersion: 1;
  readonly source: RawSource;
  readonly symbol: string;
  /** Request parameters as sent, without secrets (no API keys). */
  readonly request: Readonly<Record<string, string | number>>;
  /** ISO timestamp of the fetch that produced `body`; kept when a later fetch returned the same bytes. */
  readonly fetchedAt: string;
  /** First and last day of a real candle among the requested days, inclusive; `to` is the object's `dt`. */
  readonly coverage: { readonly from: IsoDay; readonly to: IsoDay };
  readonly contentType: 'application/json' | 'text/csv';
  /** sha256 (hex) of the response bytes as received. */
  readonly bodySha256: string;
  readonly body: Body;
}
