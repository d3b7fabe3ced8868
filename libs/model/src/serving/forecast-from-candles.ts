import { addDays, daysBetween, type Candle, type Forecast } from '@cf/ohlcv';
import {
  computeFeatures,
  decodeForecasts,
  flagOutOfDistribution,
  latestModelInput,
  type FeatureSetName,
} from '@cf/features';
import { InsufficientDataError, InvalidModelInputError } from '../errors';
import type { Forecaster } from './forecaster';
import { featureWarmUpDays, requiredCandles } from './required-candles';

/** Options of `forecastFromCandles`. */
export interface ForecastOptions {
  /** ISO timestamp of the run, written into the forecast (pass it from the job's clock). */
  readonly generatedAt: string;
  /** Flag latest-day features whose |z| under the model's scaler exceeds this. Default 4. */
  readonly oodLimit?: number;
}

/** Default number of training standard deviations beyond which a latest-day feature is flagged. */
export const DEFAULT_OOD_LIMIT = 4;

/**
 * The forecast of one asset from its daily candles (sorted, one symbol): the model's features over the last
 * days, its latest window scaled by its own scaler, predicted returns un-scaled and compounded from the last
 * close into prices for the `horizon` days after the last candle, and the latest day's features that lie
 * more than `oodLimit` training standard deviations out (still forecast, but flagged). Too few candles, or a
 * gap inside the last window, throw `InsufficientDataError` (kind `input`) saying how many rows are needed.
 *
 * @example
 * const forecast = forecastFromCandles(forecaster, candles, { generatedAt: clock().toISOString() });
 */
export function forecastFromCandles(
  forecaster: Forecaster,
  candles: readonly Candle[],
  options: ForecastOptions,
): Forecast {
  const { metadata, scalers } = forecaster;
  const limit = options.oodLimit ?? DEFAULT_OOD_LIMIT;
  if (!(limit > 0)) throw new InvalidModelInputError(`forecast: oodLimit ${limit} is not a positive number`);
  if (Number.isNaN(Date.parse(options.generatedAt))) {
    throw new InvalidModelInputError(
      `forecast: generatedAt '${options.generatedAt}' is not an ISO timestamp`,
    );
  }
  const featureSet = metadata.featureSet as FeatureSetName;
  const needed = requiredCandles(featureSet, metadata.window);
  const symbol = candles[0]?.symbol ?? '(no symbol)';
  const what = `${symbol}: a ${metadata.window}-day window of '${featureSet}' features (after ${featureWarmUpDays(featureSet)} days of warm-up)`;
  if (candles.length < needed)
    throw new InsufficientDataError(needed, candles.length, `too few candles for ${what}`);

  const last = candles[candles.length - 1];
  const frame = computeFeatures(candles, featureSet);
  const input = latestModelInput(frame, scalers);
  if (input === undefined || input.originDate !== last.date) {
    const run = trailingRunLength(candles);
    throw new InsufficientDataError(
      needed,
      run,
      `too few consecutive candles for ${what}: days are missing before ${candles[candles.length - run].date}`,
    );
  }

  const [decoded] = decodeForecasts(forecaster.predictScaled(input.x, 1), [input.originClose], scalers);
  const latestRow = frame.rows[frame.rows.length - 1];
  return {
    symbol,
    lastObservedDate: last.date,
    lastClose: last.close,
    generatedAt: options.generatedAt,
    modelVersion: metadata.version,
    modelTrainedThrough: metadata.data.trainedThrough,
    window: metadata.window,
    horizon: metadata.horizon,
    steps: decoded.returns.map((predictedReturn, k) => ({
      horizonDay: k + 1,
      targetDate: addDays(last.date, k + 1),
      predictedReturn,
      predictedClose: decoded.closes[k],
    })),
    outOfDistribution: flagOutOfDistribution(latestRow, scalers.features, limit).map(
      ({ feature, zScore }) => ({
        feature,
        zScore,
        limit,
      }),
    ),
  };
}

/** How many candles at the end are consecutive days. */
function trailingRunLength(candles: readonly Candle[]): number {
  let run = 1;
  while (
    run < candles.length &&
    daysBetween(candles[candles.length - run - 1].date, candles[candles.length - run].date) === 1
  )
    run++;
  return run;
}
