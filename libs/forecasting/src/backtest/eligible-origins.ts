import { addDays, type IsoDay } from '@cf/ohlcv';
import { countThrough, type BacktestData, type OriginRef } from './backtest-data';

/** The origins of a period every model forecasts, and the candles left out with the reason. */
export interface EligibleOrigins {
  /** In date order, then symbol order. */
  readonly origins: readonly OriginRef[];
  /** Candles in the period whose `horizon` following days are not all known (not scored, not forecast). */
  readonly targetsUnknown: number;
  /** Candles in the period without `inputDays` consecutive days ending on them (no model could forecast). */
  readonly shortHistory: number;
}

/**
 * The origins in `(after, through]` that every model forecasts: days with a candle, `inputDays` consecutive
 * candles ending on it (the most any model needs) and a candle on each of the next `horizon` days (its
 * targets). The same set for every model, so comparisons are like for like; which origins are scored depends
 * on the data only, never on a model.
 */
export function eligibleOrigins(
  data: BacktestData,
  after: IsoDay,
  through: IsoDay,
  horizon: number,
  inputDays: number,
): EligibleOrigins {
  const origins: OriginRef[] = [];
  let targetsUnknown = 0;
  let shortHistory = 0;
  for (const symbol of Object.keys(data)) {
    const candles = data[symbol];
    const end = countThrough(candles, through);
    for (let index = countThrough(candles, after); index < end; index++) {
      const date = candles[index].date;
      // Dates strictly increase, so `n` candles span `n` consecutive days exactly when the ends are n - 1 apart.
      const last = candles[index + horizon];
      if (last === undefined || last.date !== addDays(date, horizon)) {
        targetsUnknown++;
        continue;
      }
      const first = candles[index - inputDays + 1];
      if (first === undefined || first.date !== addDays(date, -(inputDays - 1))) {
        shortHistory++;
        continue;
      }
      origins.push({ symbol, date, index });
    }
  }
  origins.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.symbol < b.symbol ? -1 : 1));
  return { origins, targetsUnknown, shortHistory };
}
