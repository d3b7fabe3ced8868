import { returnsToPrices } from '@cf/features';
import type { IsoDay } from '@cf/ohlcv';
import type { BacktestData, OriginRef } from './backtest-data';
import { InvalidForecastError } from '../errors';
import type { OriginForecast } from '../forecaster';
import type { BacktestForecast } from './backtest-forecast';

/**
 * Throws `InvalidForecastError` (naming the model and cut-off) unless there is one path of `horizon` finite daily
 * returns above -1 per origin, and its quantiles (when present) are finite and increasing in the level.
 */
export function checkPredictions(
  model: string,
  cutoff: IsoDay,
  predictions: readonly OriginForecast[],
  count: number,
  horizon: number,
): void {
  if (predictions.length !== count) {
    throw new InvalidForecastError(model, cutoff, `${predictions.length} forecasts for ${count} origins`);
  }
  predictions.forEach(({ returns: path, logReturnQuantiles: quantiles }, i) => {
    if (path.length !== horizon || !path.every((r: number) => Number.isFinite(r) && r > -1)) {
      throw new InvalidForecastError(
        model,
        cutoff,
        `forecast ${i} is [${path.join(', ')}]: expected ${horizon} finite daily returns above -1`,
      );
    }
    if (quantiles === undefined) return;
    quantiles.forEach((row, level) => {
      const ok =
        row.length === horizon &&
        row.every((q, day) => Number.isFinite(q) && (level === 0 || q >= quantiles[level - 1][day]));
      if (!ok) {
        throw new InvalidForecastError(
          model,
          cutoff,
          `forecast ${i} quantile row ${level} is [${row.join(', ')}]: expected ${horizon} finite values, each at least the row below`,
        );
      }
    });
  });
}

/** The forecasts of one model at one cut-off, with the actual closes they are scored against. */
export function toForecasts(
  model: string,
  cutoff: IsoDay,
  data: BacktestData,
  origins: readonly OriginRef[],
  predictions: readonly OriginForecast[],
  horizon: number,
): BacktestForecast[] {
  return origins.map((o, i) => {
    const candles = data[o.symbol];
    const originClose = candles[o.index].close;
    const returns = [...predictions[i].returns];
    const quantiles = predictions[i].logReturnQuantiles;
    return {
      model,
      symbol: o.symbol,
      cutoff,
      origin: o.date,
      originClose,
      returns,
      predicted: returnsToPrices(originClose, returns),
      actual: Array.from({ length: horizon }, (_, k) => candles[o.index + 1 + k].close),
      ...(quantiles === undefined ? {} : { logReturnQuantiles: quantiles.map((row) => [...row]) }),
    };
  });
}

/** Forecasts by symbol, then origin (the order of `forecasts.csv`). */
export function sortForecasts(list: readonly BacktestForecast[]): BacktestForecast[] {
  return [...list].sort((a, b) =>
    a.symbol !== b.symbol
      ? a.symbol < b.symbol
        ? -1
        : 1
      : a.origin < b.origin
        ? -1
        : a.origin > b.origin
          ? 1
          : 0,
  );
}
