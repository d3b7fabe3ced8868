import {
  describeJsonValue,
  isJsonObject,
  rowProblem,
  showValue,
  type ProviderRow,
  type ProviderRowIssue,
  type ProviderRowProblem,
  type ProviderRows,
} from './provider-rows';
import { dayOfTimestamp } from './provider-timestamp';

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
 * `validateCandles` refuses them with its own reasons; any other non-decimal string is `not-a-number`, and a
 * JSON number (Binance always sends strings) is `wrong-type`.
 */
export function parseBinanceDecimal(
  field: string,
  value: unknown,
): { value: number } | { issue: ProviderRowIssue } {
  if (typeof value !== 'string') {
    const what =
      typeof value === 'number' ? 'a JSON number; Binance sends decimal strings' : 'not a decimal string';
    return { issue: { reason: 'wrong-type', detail: `${field} ${showValue(value)} is ${what}` } };
  }
  if (DECIMAL.test(value)) return { value: Number(value) };
  if (value in NON_FINITE) return { value: NON_FINITE[value] };
  return {
    issue: { reason: 'not-a-number', detail: `${field} ${showValue(value)} is not a decimal number` },
  };
}

/**
 * The rows of a Binance `GET /api/v3/klines?interval=1d` response (an array of arrays), one candidate candle
 * or one problem per kline. The open time is epoch milliseconds at exactly midnight UTC and the close time
 * one day minus 1 ms later; prices are decimal strings parsed strictly; `volume` is the quote asset volume
 * (index 7). An error body `{ code, msg }` is refused as `provider-error`, anything else that is not an
 * array as `bad-body-shape`.
 *
 * @example
 * const page = parseBinanceRows(JSON.parse(text), 'BTC');
 */
export function parseBinanceRows(body: unknown, symbol: string): ProviderRows {
  if (!Array.isArray(body)) {
    if (isJsonObject(body) && 'code' in body && 'msg' in body) {
      return { ok: false, reason: 'provider-error', detail: `Binance error: ${showValue(body)}` };
    }
    return {
      ok: false,
      reason: 'bad-body-shape',
      detail: `the body is ${describeJsonValue(body)}; expected an array of klines [[openTime, open, ...], ...]`,
    };
  }
  const rows: ProviderRow[] = [];
  const problems: ProviderRowProblem[] = [];
  body.forEach((row: unknown, index) => {
    const at = `[${index}]`;
    if (!Array.isArray(row) || row.length < 8) {
      problems.push(
        rowProblem(at, row, [
          {
            reason: 'wrong-shape',
            detail: `kline ${showValue(row)} is not an array of at least 8 fields [openTime, open, high, low, close, volume, closeTime, quoteAssetVolume, ...]`,
          },
        ]),
      );
      return;
    }
    const issues: ProviderRowIssue[] = [];
    const open = dayOfTimestamp('openTime', row[0], 'milliseconds');
    if ('issue' in open) issues.push(open.issue);
    const closeTime: unknown = row[6];
    // A timestamp in another unit says all there is to say; the close time would only repeat it.
    const otherUnit = 'issue' in open && open.issue.reason === 'wrong-time-unit';
    if (typeof row[0] === 'number' && !otherUnit && closeTime !== row[0] + DAY_MS - 1) {
      issues.push({
        reason: 'not-daily-interval',
        detail: `closeTime ${showValue(closeTime)} is not openTime ${row[0]} + 1 day - 1 ms: not a 1d kline`,
      });
    }
    const numbers: Record<string, number> = {};
    for (const [field, position] of DECIMAL_FIELDS) {
      const parsed = parseBinanceDecimal(field, row[position]);
      if ('issue' in parsed) issues.push(parsed.issue);
      else numbers[field] = parsed.value;
    }
    if (issues.length > 0 || 'issue' in open) {
      problems.push(rowProblem(at, row, issues));
      return;
    }
    rows.push({
      candle: {
        date: open.day,
        symbol,
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
  return { ok: true, rows, problems };
}
