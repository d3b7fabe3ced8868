import type { Candle } from './candle';
import { InvalidSeriesError } from './errors';
import { checkCandleFields } from './validate';

/**
 * Daily candles of one symbol, strictly increasing by date (one row per day), every candle valid. Only
 * {@link toCandleSeries} makes one, so code that receives a `CandleSeries` need not re-check.
 */
export type CandleSeries = readonly Candle[] & { readonly __brand: 'CandleSeries' };

/**
 * Checks the series invariants and returns the candles as a frozen `CandleSeries` (a copy; the input is
 * untouched). Throws {@link InvalidSeriesError} naming the first offending row. An empty input is a valid,
 * empty series.
 *
 * @example
 * const series = toCandleSeries(validateCandles(rows, { today }).accepted.filter((c) => c.symbol === 'BTC'));
 */
export function toCandleSeries(candles: readonly Candle[]): CandleSeries {
  for (let i = 0; i < candles.length; i++) {
    const candle = candles[i];
    const problems = checkCandleFields(candle);
    if (problems.length > 0) {
      throw new InvalidSeriesError(
        `${rowName(i, candle)} is not a valid candle: ${problems.map((p) => p.detail).join('; ')}`,
        i,
      );
    }
    if (i === 0) continue;
    const previous = candles[i - 1];
    if (candle.symbol !== previous.symbol) {
      throw new InvalidSeriesError(
        `${rowName(i, candle)} has symbol ${candle.symbol} but the series is ${previous.symbol}: one symbol per series`,
        i,
      );
    }
    if (candle.date <= previous.date) {
      throw new InvalidSeriesError(
        `${rowName(i, candle)} is not after row ${i - 1} (${previous.date}): dates must strictly increase, one row per day`,
        i,
      );
    }
  }
  return Object.freeze([...candles]) as CandleSeries;
}

function rowName(i: number, candle: Candle): string {
  return `row ${i} (${String(candle.symbol)} ${String(candle.date)})`;
}
