import { type Candle, type Forecast } from '@cf/ohlcv';
import { forecastFromCandles, requiredCandles, type Forecaster } from '@cf/model';
import type { FeatureSetName } from '@cf/features';

/**
 * Days of history a forecast is computed from: the last 500 candles, or more if the model needs more. EMA and
 * RSI remember their whole run, so the same last day computed from different amounts of history differs in
 * the last bits; cutting every input to the same length makes the CLI, the job (in-process or remote) and
 * `/invocations` agree exactly whatever history they were given. 500 days leave over 400 days of warm-up
 * before the default model's 74-day need: EMA 7 and RSI 14 then differ from the full history's by less than
 * 1e-10 relative, far below the float32 precision of the model's inputs.
 */
export const FORECAST_HISTORY_DAYS = 500;

/** Options of `forecastSeries`. */
export interface ForecastSeriesOptions {
  /** ISO timestamp of the run (from the caller's clock). */
  readonly generatedAt: string;
  /** Latest-day features beyond this many training standard deviations are flagged. */
  readonly oodZLimit: number;
}

/**
 * The forecast of one asset from its checked candles (a `CandleSeries`, see `checkCandleSeries`): the last
 * `FORECAST_HISTORY_DAYS` (or the model's need, if larger) go to the model library's `forecastFromCandles`.
 * Too few candles throw its `InsufficientDataError` (`MODEL_INSUFFICIENT_DATA`, needed vs got).
 */
export function forecastSeries(
  forecaster: Forecaster,
  candles: readonly Candle[],
  options: ForecastSeriesOptions,
): Forecast {
  const { featureSet, window } = forecaster.metadata;
  const keep = Math.max(FORECAST_HISTORY_DAYS, requiredCandles(featureSet as FeatureSetName, window));
  const recent = candles.length > keep ? candles.slice(candles.length - keep) : candles;
  return forecastFromCandles(forecaster, recent, {
    generatedAt: options.generatedAt,
    oodLimit: options.oodZLimit,
  });
}

/** The last `FORECAST_HISTORY_DAYS` candles: what the job sends a remote endpoint for one symbol. */
export function recentCandles(candles: readonly Candle[]): readonly Candle[] {
  return candles.length > FORECAST_HISTORY_DAYS
    ? candles.slice(candles.length - FORECAST_HISTORY_DAYS)
    : candles;
}
