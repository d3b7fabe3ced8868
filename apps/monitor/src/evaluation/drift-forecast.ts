import { driftPath } from '@cf/metrics';
import { addDays, type Candle } from '@cf/ohlcv';
import { indexOfDay } from '../data/market-data';

/**
 * The drift baseline's path from the closes of `lastObservedDate` and the `lookbackDays` days before it
 * (only the uninterrupted run of days ending on `lastObservedDate`, so nothing after the forecast's origin
 * and no stretch across a gap); `undefined` when fewer than two closes are available.
 */
export function driftForecast(
  candles: readonly Candle[],
  lastObservedDate: string,
  horizon: number,
  lookbackDays: number,
): number[] | undefined {
  const end = indexOfDay(candles, lastObservedDate);
  if (end === undefined) return undefined;
  let start = end;
  while (
    start > 0 &&
    end - (start - 1) <= lookbackDays &&
    candles[start - 1].date === addDays(candles[start].date, -1)
  ) {
    start--;
  }
  if (end - start < 1) return undefined;
  return driftPath(
    candles.slice(start, end + 1).map((c) => c.close),
    horizon,
  );
}
