import { DEFAULT_TRAINING_PARAMETERS, naiveEmpiricalKind } from '@cf/forecasting';
import type { Candle } from '@cf/ohlcv';
import { indexOfDay } from '../data/market-data';

/**
 * The naive ranges for a forecast made on `lastObservedDate`: the platform's one naive-empirical kind (the
 * trailing year of h-day log returns up to that day only), its log-return quantiles `[day][k]` at the nominal
 * levels; `undefined` when the history holds less than the year it needs.
 */
export async function naiveRangeForecast(
  candles: readonly Candle[],
  lastObservedDate: string,
  horizon: number,
): Promise<number[][] | undefined> {
  const end = indexOfDay(candles, lastObservedDate);
  if (end === undefined) return undefined;
  const history = candles.slice(0, end + 1);
  const model = await naiveEmpiricalKind.create(
    { kind: naiveEmpiricalKind.name },
    { ...DEFAULT_TRAINING_PARAMETERS, horizon },
  );
  if (history.length < model.inputDays) return undefined;
  const symbol = history[0].symbol;
  await model.fit({ [symbol]: history }, { cutoff: lastObservedDate });
  const [forecast] = await model.predict([{ symbol, candles: history }]);
  const quantiles = forecast.logReturnQuantiles ?? [];
  return Array.from({ length: horizon }, (_, day) => quantiles.map((byDay) => byDay[day]));
}
