import type { IsoDay } from './candle';

/** Providers whose responses land in raw/. */
export type RawSource = 'cryptocompare' | 'binance' | 'csv';

/** The envelope version ingest writes: `body` is the response's text exactly as received. */
export const RAW_ENVELOPE_VERSION = 2;

/**
 * `raw/source={src}/symbol={SYM}/dt={day}/candles.json`: one provider response as received, wrapped with
 * where it came from. Written by ingest, parsed by preprocess.
 *
 * `schemaVersion` 2 (what ingest writes): `body` is the response's text exactly as received, so
 * `bodySha256` is the sha256 of its UTF-8 bytes and anyone can check it (a byte-order mark, a `NaN` token
 * and the provider's number formatting are all kept):
 * - cryptocompare: the JSON text of `data/v2/histoday` (`{ Response, Data: { Data: [{ time, open, high, low,
 *   close, volumefrom, volumeto }] } }`);
 * - binance: the JSON text of `GET /api/v3/klines` (array of arrays; index 7 is quote volume);
 * - csv: the header and the lines of the requested days, byte for byte as in the file (never the current,
 *   incomplete UTC day).
 *
 * `schemaVersion` 1 (objects written before): the same, except that a JSON `body` is the parsed value, so its
 * `bodySha256` (of the bytes received) can be checked only when the compact JSON of the value reproduces them.
 *
 * Bodies may hold rows that are not candles: CryptoCompare's all-zero padding (before an asset existed, with a
 * real timestamp or `time: 0`), for `limit=1` one row before `coverage.from`, and malformed rows, which ingest
 * stores as received and preprocess quarantines.
 */
export interface RawEnvelope<Body = unknown> {
  readonly schemaVersion: 1 | 2;
  readonly source: RawSource;
  readonly symbol: string;
  /** Request parameters as sent, without secrets (no API keys). */
  readonly request: Readonly<Record<string, string | number>>;
  /** ISO timestamp of the fetch that produced `body`; kept when a later fetch returned the same bytes. */
  readonly fetchedAt: string;
  /** First and last day of a valid candle among the requested days, inclusive; `to` is the object's `dt`. */
  readonly coverage: { readonly from: IsoDay; readonly to: IsoDay };
  readonly contentType: 'application/json' | 'text/csv';
  /** sha256 (hex) of the response bytes as received. */
  readonly bodySha256: string;
  readonly body: Body;
}
