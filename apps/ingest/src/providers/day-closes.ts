import { isIsoDay } from '@cf/ohlcv';
import { createHash } from 'node:crypto';
import { BadResponseError } from '../errors';
import type { DayClose, DayRange } from './candle-provider';

/** sha256 (hex) of bytes or UTF-8 text. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The candles of a response that fall in `range`, sorted by day. Rows before `range.from` are tolerated
 * (CryptoCompare returns `limit + 1` rows); a row after `range.to` means the provider answered a question
 * nobody asked (possibly with today's incomplete candle), so the response is refused.
 */
export function candlesInRange(rows: readonly DayClose[], range: DayRange, label: string): DayClose[] {
  const late = rows.find((row) => row.day > range.to);
  if (late !== undefined) {
    throw new BadResponseError(
      `${label} returned a candle for ${late.day}, after the requested last day ${range.to}`,
    );
  }
  return rows
    .filter((row) => isIsoDay(row.day) && (range.from === undefined || row.day >= range.from))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
