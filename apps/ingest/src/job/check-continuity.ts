import type { IsoDay } from '@cf/ohlcv';
import { SymbolMismatchError } from '../errors';
import type { DayClose } from '../providers/candle-provider';

/** Closes that differ from stored history by more than this factor (median over common days) are refused. */
export const MAX_HISTORY_DEVIATION = 1.5;

/** Stored candles to hold a new response against. */
export interface HistoryReference {
  readonly key: string;
  readonly closes: readonly DayClose[];
}

/**
 * Refuses a response whose closes contradict the candles already stored for the symbol on the same days:
 * a revision moves a price by a fraction of a percent, another asset's data by a factor (a mirror or proxy
 * that mixes up responses; the providers' bodies do not name the symbol). Throws `SymbolMismatchError` when
 * the median ratio over the common days is beyond {@link MAX_HISTORY_DEVIATION}; passes when no day is common.
 */
export function checkContinuity(
  symbol: string,
  label: string,
  fetched: readonly DayClose[],
  references: readonly HistoryReference[],
): void {
  const fetchedByDay = new Map<IsoDay, number>(fetched.map((c) => [c.day, c.close]));
  for (const reference of references) {
    const pairs: { day: IsoDay; fetched: number; stored: number; deviation: number }[] = [];
    for (const stored of reference.closes) {
      const close = fetchedByDay.get(stored.day);
      if (close === undefined || !(close > 0) || !(stored.close > 0)) continue;
      pairs.push({
        day: stored.day,
        fetched: close,
        stored: stored.close,
        deviation: Math.abs(Math.log(close / stored.close)),
      });
    }
    if (pairs.length === 0) continue;
    const sorted = [...pairs].sort((a, b) => a.deviation - b.deviation);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    if (median.deviation > Math.log(MAX_HISTORY_DEVIATION)) {
      throw new SymbolMismatchError(
        `${label} does not look like ${symbol}: on ${median.day} it has close ${median.fetched} where ` +
          `'${reference.key}' has ${median.stored} (median over ${pairs.length} common day(s) differs by more ` +
          `than ${MAX_HISTORY_DEVIATION}x); nothing written`,
      );
    }
  }
}
