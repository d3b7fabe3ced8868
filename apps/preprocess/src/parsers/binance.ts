import type { RawEnvelope } from '@cf/ohlcv';
import { dayOfTimestamp } from './day-timestamp';
import {
  rowProblem,
  show,
  wholeObjectProblem,
  type FieldIssue,
  type ParsedCandle,
  type ParsedRaw,
  type RawProblem,
} from './raw-problem';

const DAY_MS = 86_400_000;
// Binance's decimal strings ("13715.65000000"); exponents tolerated, nothing else (no spaces, commas, hex).
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
// Kline fields used: [openTime, open, high, low, close, volume, closeTime, quoteAssetVolume, ...].
const DECIMAL_FIELDS = [
  ['open', 1],
  ['high', 2],
  ['low', 3],
  ['close', 4],
  ['volume', 5],
  ['quoteAssetVolume', 7],
] as const;

/**
 * A Binance decimal string as a number. "NaN" and "Infinity" become the non-finite numbers so that
 * `validateCandles` rejects them with its own reasons; any other non-decimal string is `not-a-number`, and a
 * JSON number (Binance always sends strings) is `wrong-type`.
 */
export function parseBinanceDecimal(
  field: string,
  value: unknown,
): { value: number } | { issue: FieldIssue } {
  if (typeof value !== 'string') {
    const what =
      typeof value === 'number' ? 'a JSON number; Binance sends decimal strings' : 'not a decimal string';
    return { issue: { reason: 'wrong-type', detail: `${field} ${show(value)} is ${what}` } };
  }
  if (DECIMAL.test(value)) return { value: Number(value) };
  if (value in NON_FINITE) return { value: NON_FINITE[value] };
  return { issue: { reason: 'not-a-number', detail: `${field} ${show(value)} is not a decimal number` } };
}

/**
 * Rows of a Binance `GET /api/v3/klines?interval=1d` response (an array of arrays). The open time (ms) must be
 * exactly midnight UTC and the close time one day minus 1 ms later; prices are decimal strings parsed
 * strictly; `volume` is the quote asset volume (index 7), the same unit as CryptoCompare's `volumeto` and
 * Yahoo's volume.
 */
export function parseBinance(envelope: RawEnvelope, rawKey: string, excerpt: string): ParsedRaw {
  const body = envelope.body;
  if (!Array.isArray(body)) {
    const isError = typeof body === 'object' && body !== null && 'code' in body && 'msg' in body;
    return isError
      ? wholeObjectProblem(rawKey, excerpt, 'provider-error', `Binance error: ${show(body)}`)
      : wholeObjectProblem(rawKey, excerpt, 'bad-body-shape', 'body is not a Binance klines array');
  }
  const candles: ParsedCandle[] = [];
  const problems: RawProblem[] = [];
  body.forEach((row: unknown, index) => {
    const at = `[${index}]`;
    if (!Array.isArray(row) || row.length < 8) {
      problems.push(
        rowProblem(rawKey, at, row, [
          { reason: 'wrong-shape', detail: `kline ${show(row)} is not an array of at least 8 fields` },
        ]),
      );
      return;
    }
    const issues: FieldIssue[] = [];
    const open = dayOfTimestamp('openTime', row[0], 'milliseconds');
    if ('issue' in open) issues.push(open.issue);
    const closeTime: unknown = row[6];
    if (typeof row[0] === 'number' && closeTime !== row[0] + DAY_MS - 1) {
      issues.push({
        reason: 'not-daily-interval',
        detail: `closeTime ${show(closeTime)} is not openTime ${row[0]} + 1 day - 1 ms: not a 1d kline`,
      });
    }
    const numbers: Record<string, number> = {};
    for (const [field, position] of DECIMAL_FIELDS) {
      const parsed = parseBinanceDecimal(field, row[position]);
      if ('issue' in parsed) issues.push(parsed.issue);
      else numbers[field] = parsed.value;
    }
    if (issues.length > 0 || 'issue' in open) {
      problems.push(rowProblem(rawKey, at, row, issues));
      return;
    }
    candles.push({
      candle: {
        date: open.day,
        symbol: envelope.symbol,
        open: numbers['open'],
        high: numbers['high'],
        low: numbers['low'],
        close: numbers['close'],
        volume: numbers['quoteAssetVolume'],
      },
      at,
      row,
    });
  });
  return { candles, problems };
}
