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

const NUMBER_FIELDS = ['open', 'high', 'low', 'close', 'volumefrom', 'volumeto'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rows of a CryptoCompare `data/v2/histoday` response (`body.Data.Data[]`). `time` (epoch seconds) must be
 * exactly midnight UTC; every number must be a JSON number (a number sent as a string is quarantined as
 * `number-as-string`, never coerced); `volume` is `volumeto`, the quote-currency volume. All-zero rows before
 * the first real price are the provider's padding for days before the asset existed: `pre-listing-zeros`.
 * Prices that are zero, negative or not finite (`1e999` parses as Infinity) are left to `validateCandles`.
 */
export function parseCryptoCompare(envelope: RawEnvelope, rawKey: string, excerpt: string): ParsedRaw {
  const body = envelope.body;
  if (isRecord(body) && body['Response'] === 'Error') {
    return wholeObjectProblem(
      rawKey,
      excerpt,
      'provider-error',
      `CryptoCompare error: ${show(body['Message'])}`,
    );
  }
  const data = isRecord(body) && isRecord(body['Data']) ? body['Data']['Data'] : undefined;
  if (!Array.isArray(data)) {
    return wholeObjectProblem(
      rawKey,
      excerpt,
      'bad-body-shape',
      'body is not a CryptoCompare histoday response: expected { Data: { Data: [...] } }',
    );
  }

  const candles: ParsedCandle[] = [];
  const problems: RawProblem[] = [];
  let listed = false;
  data.forEach((row: unknown, index) => {
    const at = `Data.Data[${index}]`;
    if (!isRecord(row)) {
      problems.push(
        rowProblem(rawKey, at, row, [{ reason: 'wrong-shape', detail: `row ${show(row)} is not an object` }]),
      );
      return;
    }
    const issues: FieldIssue[] = [];
    const time = dayOfTimestamp('time', row['time'], 'seconds');
    if ('issue' in time) issues.push(time.issue);
    const numbers: Record<string, number> = {};
    for (const field of NUMBER_FIELDS) {
      const value = row[field];
      if (typeof value === 'number') numbers[field] = value;
      else if (typeof value === 'string') {
        issues.push({
          reason: 'number-as-string',
          detail: `${field} ${show(value)} is a string, not a number`,
        });
      } else issues.push({ reason: 'wrong-type', detail: `${field} ${show(value)} is not a number` });
    }
    if (issues.length > 0 || 'issue' in time) {
      problems.push(rowProblem(rawKey, at, row, issues));
      return;
    }
    const { open, high, low, close, volumeto } = numbers;
    if (!listed && open === 0 && high === 0 && low === 0 && close === 0) {
      problems.push(
        rowProblem(rawKey, at, row, [
          { reason: 'pre-listing-zeros', detail: `${time.day} is all zeros before the first real price` },
        ]),
      );
      return;
    }
    listed = true;
    candles.push({
      candle: { date: time.day, symbol: envelope.symbol, open, high, low, close, volume: volumeto },
      at,
      row,
    });
  });
  return { candles, problems };
}
