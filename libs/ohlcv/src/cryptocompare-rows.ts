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

const NUMBER_FIELDS = ['open', 'high', 'low', 'close', 'volumefrom', 'volumeto'] as const;

/**
 * The rows of a CryptoCompare `data/v2/histoday` response (`body.Data.Data[]`), one candidate candle or one
 * problem per row. `time` is epoch seconds at exactly midnight UTC; every number must be a JSON number (a
 * number sent as a string is `number-as-string`, never coerced); `volume` is `volumeto`, the quote-currency
 * volume. All-zero rows before the first real price are the provider's padding: `pre-listing-zeros`. Prices
 * that are zero, negative or not finite are left to `validateCandles`. An error body (`Response: "Error"`) is
 * refused as `provider-error`; a body without a `Data.Data` array as `bad-body-shape`, naming the field.
 *
 * @example
 * const page = parseCryptoCompareRows(JSON.parse(text), 'BTC');
 * if (page.ok) page.rows.map((r) => r.candle.date);
 */
export function parseCryptoCompareRows(body: unknown, symbol: string): ProviderRows {
  if (isJsonObject(body) && body['Response'] === 'Error') {
    return {
      ok: false,
      reason: 'provider-error',
      detail: `CryptoCompare error: ${showValue(body['Message'])}`,
    };
  }
  const shape = shapeProblem(body);
  if (shape !== undefined) return { ok: false, reason: 'bad-body-shape', detail: shape };
  const data = ((body as Record<string, unknown>)['Data'] as Record<string, unknown>)['Data'] as unknown[];

  const rows: ProviderRow[] = [];
  const problems: ProviderRowProblem[] = [];
  let listed = false;
  data.forEach((row: unknown, index) => {
    const at = `Data.Data[${index}]`;
    if (!isJsonObject(row)) {
      problems.push(
        rowProblem(at, row, [
          { reason: 'wrong-shape', detail: `row ${showValue(row)} is not an object { time, open, ... }` },
        ]),
      );
      return;
    }
    const issues: ProviderRowIssue[] = [];
    const time = dayOfTimestamp('time', row['time'], 'seconds');
    if ('issue' in time) issues.push(time.issue);
    const numbers: Record<string, number> = {};
    for (const field of NUMBER_FIELDS) {
      const value = row[field];
      if (typeof value === 'number') numbers[field] = value;
      else if (typeof value === 'string') {
        issues.push({
          reason: 'number-as-string',
          detail: `${field} ${showValue(value)} is a string, expected a JSON number`,
        });
      } else {
        issues.push({ reason: 'wrong-type', detail: `${field} ${showValue(value)} is not a number` });
      }
    }
    if (issues.length > 0 || 'issue' in time) {
      problems.push(rowProblem(at, row, issues));
      return;
    }
    const { open, high, low, close, volumeto } = numbers;
    if (!listed && open === 0 && high === 0 && low === 0 && close === 0) {
      problems.push(
        rowProblem(at, row, [
          { reason: 'pre-listing-zeros', detail: `${time.day} is all zeros before the first real price` },
        ]),
      );
      return;
    }
    listed = true;
    rows.push({ candle: { date: time.day, symbol, open, high, low, close, volume: volumeto }, at, row });
  });
  return { ok: true, rows, problems };
}

function shapeProblem(body: unknown): string | undefined {
  const expected = 'expected a histoday response { Data: { Data: [rows] } }';
  if (!isJsonObject(body)) return `the body is ${describeJsonValue(body)}; ${expected}`;
  const data = body['Data'];
  if (!isJsonObject(data)) return `field Data is ${describeJsonValue(data)}; ${expected}`;
  const rows = data['Data'];
  if (!Array.isArray(rows)) return `field Data.Data is ${describeJsonValue(rows)}; ${expected}`;
  return undefined;
}
