import { addDays, type Candle, type IsoDay } from '@cf/ohlcv';
import type { CandlesBySymbol, ForecastOrigin } from '../forecaster';
import type { WindowMode } from './backtest-request';

/** The harness's own copy of the data: per symbol, frozen candles in date order (strictly increasing). */
export type BacktestData = CandlesBySymbol;

/** One forecast to make and score: a symbol and the index of its origin candle. */
export interface OriginRef {
  readonly symbol: string;
  readonly date: IsoDay;
  /** Index of the origin candle in the symbol's series. */
  readonly index: number;
}

/**
 * A frozen copy of every series (each candle copied and frozen too), so that nothing a model does to the
 * arrays or candles it is handed can reach the harness's data or another model's inputs.
 */
export function freezeData(series: CandlesBySymbol): BacktestData {
  const data: Record<string, readonly Candle[]> = {};
  for (const symbol of Object.keys(series).sort()) {
    data[symbol] = Object.freeze(series[symbol].map((c) => Object.freeze({ ...c })));
  }
  return Object.freeze(data);
}

/**
 * Number of candles dated on or before `day` (binary search; the series is sorted by date).
 *
 * @example
 * countThrough(candles, '2023-02-11'); // candles.slice(0, n) ends on or before 2023-02-11
 */
export function countThrough(candles: readonly Candle[], day: IsoDay): number {
  let lo = 0;
  let hi = candles.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (candles[mid].date <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a fit at `cutoff` is handed: per symbol, a new frozen array of the candles dated on or before the cut-off
 * (in `rolling` mode only those after `cutoff - trainDays`). Symbols without such candles are left out.
 * Never the harness's own arrays, never a candle after the cut-off.
 */
export function historyAt(
  data: BacktestData,
  cutoff: IsoDay,
  windowMode: WindowMode,
  trainDays?: number,
): CandlesBySymbol {
  const start = windowMode === 'rolling' && trainDays !== undefined ? addDays(cutoff, -trainDays) : undefined;
  const history: Record<string, readonly Candle[]> = {};
  for (const symbol of Object.keys(data)) {
    const candles = data[symbol];
    const end = countThrough(candles, cutoff);
    const begin = start === undefined ? 0 : countThrough(candles, start);
    if (end > begin) history[symbol] = Object.freeze(candles.slice(begin, end));
  }
  return Object.freeze(history);
}

/**
 * What `predict` is handed for each origin: a new frozen array of the symbol's candles up to and including the
 * origin day, never one after it.
 */
export function originInputs(data: BacktestData, origins: readonly OriginRef[]): ForecastOrigin[] {
  return origins.map((o) =>
    Object.freeze({ symbol: o.symbol, candles: Object.freeze(data[o.symbol].slice(0, o.index + 1)) }),
  );
}
