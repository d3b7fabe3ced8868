import { addDays, daysBetween } from '@cf/ohlcv';
import type { DayRange } from '../providers/candle-provider';

/**
 * Splits `range` into pages of at most `maxDays` days counted from `range.from`, oldest first, the last one
 * possibly shorter. Pages depend only on the range, never on the time of day, so a re-run after an abort
 * asks for, and writes, exactly the pages a clean run would. An open `from` (a whole CSV file) is one page.
 */
export function planPages(range: DayRange, maxDays: number): DayRange[] {
  if (range.from === undefined || !Number.isFinite(maxDays)) return [range];
  if (!(maxDays >= 1)) throw new RangeError(`maxDays must be >= 1, got ${maxDays}`);
  const total = daysBetween(range.from, range.to) + 1;
  const pages: DayRange[] = [];
  for (let start = 0; start < total; start += maxDays) {
    const from = addDays(range.from, start);
    pages.push({ from, to: addDays(range.from, Math.min(start + maxDays, total) - 1) });
  }
  return pages;
}
