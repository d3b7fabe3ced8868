import { createDriftModel } from '@cf/forecasting';
import { returnsToPrices } from '@cf/features';
import type { Candle } from '@cf/ohlcv';
import { indexOfDay } from '../data/market-data';

/**
 * The drift baseline's closes for a forecast made on `lastObservedDate`: the one drift of the platform (the
 * `drift` kind of `@cf/forecasting`), fitted on the asset's history up to that day only and compounded from its
 * close; `undefined` when fewer than two closes are available.
 */
export async function driftForecast(
  candles: readonly Candle[],
  lastObservedDate: string,
  horizon: number,
): Promise<number[] | undefined> {
  const end = indexOfDay(candles, lastObservedDate);
  if (end === undefined || end < 1) return undefined;
  const history = candles.slice(0, end + 1);
  const symbol = history[0].symbol;
  const drift = createDriftModel({ horizon });
  await drift.fit({ [symbol]: history }, { cutoff: lastObservedDate });
  const [forecast] = await drift.predict([{ symbol, candles: history }]);
  return returnsToPrices(history[end].close, forecast.returns);
}
