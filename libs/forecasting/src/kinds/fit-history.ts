import type { IsoDay } from '@cf/ohlcv';
import { FutureDataError, InsufficientHistoryError } from '../errors';
import type { CandlesBySymbol } from '../forecaster';

/** The span of a fit's history: symbols with candles (sorted), the first and the last day. */
export interface HistorySpan {
  readonly symbols: readonly string[];
  readonly dataFrom: IsoDay;
  readonly dataThrough: IsoDay;
  /** Candles of the longest symbol history. */
  readonly longest: number;
}

/**
 * Checks a fit's history against its cut-off and the model's minimum, and returns its span. A candle after the
 * cut-off is refused (`FutureDataError`) rather than learned from; a history whose longest symbol holds fewer
 * than `minTrainDays` candles throws `InsufficientHistoryError` naming the model and the cut-off.
 */
export function checkFitHistory(
  model: string,
  history: CandlesBySymbol,
  cutoff: IsoDay,
  minTrainDays: number,
): HistorySpan {
  const symbols = Object.keys(history)
    .filter((s) => history[s].length > 0)
    .sort();
  let dataFrom: IsoDay | undefined;
  let dataThrough: IsoDay | undefined;
  let longest = 0;
  for (const symbol of symbols) {
    const candles = history[symbol];
    const first = candles[0].date;
    const last = candles[candles.length - 1].date;
    if (last > cutoff) throw new FutureDataError(model, cutoff, last, symbol);
    if (dataFrom === undefined || first < dataFrom) dataFrom = first;
    if (dataThrough === undefined || last > dataThrough) dataThrough = last;
    longest = Math.max(longest, candles.length);
  }
  if (dataFrom === undefined || dataThrough === undefined || longest < minTrainDays) {
    throw new InsufficientHistoryError(
      model,
      cutoff,
      `needs a symbol with at least ${minTrainDays} candles up to the cut-off, the longest has ${longest}`,
    );
  }
  return { symbols, dataFrom, dataThrough, longest };
}
