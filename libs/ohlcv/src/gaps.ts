import type { Candle } from './candle';
import { addDays, daysBetween, isIsoDay } from './days';
import { InvalidSeriesError } from './errors';
import type { DayGap } from './manifest';

/**
 * The runs of missing days between the first and last candle, in order. The input must be sorted by date
 * with one row per day (one symbol); otherwise throws {@link InvalidSeriesError} naming the row.
 *
 * @example
 * findGaps([{ date: '2024-01-01', ... }, { date: '2024-01-04', ... }]);
 * // [{ from: '2024-01-02', to: '2024-01-03', missingDays: 2 }]
 */
export function findGaps(candles: readonly Pick<Candle, 'date'>[]): DayGap[] {
  const gaps: DayGap[] = [];
  for (let i = 0; i < candles.length; i++) {
    const date = candles[i].date;
    if (!isIsoDay(date)) {
      throw new InvalidSeriesError(`row ${i}: date ${JSON.stringify(date)} is not a YYYY-MM-DD day`, i);
    }
    if (i === 0) continue;
    const previous = candles[i - 1].date;
    const step = daysBetween(previous, date);
    if (step < 1) {
      throw new InvalidSeriesError(
        `row ${i} (${date}) is not after row ${i - 1} (${previous}): findGaps needs one row per day, sorted`,
        i,
      );
    }
    if (step > 1) gaps.push({ from: addDays(previous, 1), to: addDays(date, -1), missingDays: step - 1 });
  }
  return gaps;
}
