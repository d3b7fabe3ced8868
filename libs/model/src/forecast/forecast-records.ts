import {
  addDays,
  daysBetween,
  QUANTILE_LEVELS,
  type Candle,
  type Forecast,
  type ForecastQuantile,
} from '@cf/ohlcv';
import { CfError } from '@cf/core';
import { returnsToPrices } from '@cf/features';
import type { ForecastOrigin, OriginForecast } from '@cf/forecasting';
import { InsufficientDataError, NonFiniteForecastError } from '../errors';
import type { LoadedModelVersion } from '../version/load-version-forecaster';

/** Default number of training standard deviations beyond which a latest-day feature is flagged. */
export const DEFAULT_OOD_LIMIT = 4;

/** Options of {@link forecastRecords}. */
export interface ForecastRecordOptions {
  /** ISO timestamp of the run, written into every forecast (pass it from the job's clock). */
  readonly generatedAt: string;
  /** Flag latest-day features whose |z| under the model's scaler exceeds this. Default 4. */
  readonly oodLimit?: number;
  /**
   * Calibrated quantile levels by symbol, `[day][k]` (adaptive conformal calibration): the model's quantiles
   * are read at these levels and published as the nominal levels' (`QUANTILE_LEVELS`). Absent for a symbol:
   * the nominal levels.
   */
  readonly levels?: ReadonlyMap<string, readonly (readonly number[])[]>;
}

/** A forecast, or why a symbol could not be forecast. */
export type ForecastOutcome =
  { readonly ok: true; readonly forecast: Forecast } | { readonly ok: false; readonly error: CfError };

/**
 * The published forecasts of a batch of assets from their daily candles (each sorted, one symbol), in one
 * `predict` call of the loaded version: for each symbol the last `historyDays` candles are the input, the
 * forecast runs from its last candle, the predicted returns compound from its close into prices for the
 * `horizon` following days, and latest-day features far outside the fit are flagged (still forecast). A symbol
 * without `inputDays` consecutive candles ending on its last one gets `InsufficientDataError` saying how many
 * rows are needed; an asset the model cannot forecast (one drift never saw, prices whose features or forecast
 * overflow) gets the error saying why, naming it. Infer's CLI, job, Lambda and endpoint all call this, so they
 * agree bit for bit.
 *
 * @example
 * const outcomes = await forecastRecords(loaded, new Map([['BTC', candles]]), { generatedAt });
 */
export async function forecastRecords(
  loaded: LoadedModelVersion,
  series: ReadonlyMap<string, readonly Candle[]>,
  options: ForecastRecordOptions,
): Promise<Map<string, ForecastOutcome>> {
  const { metadata, forecaster } = loaded;
  const limit = options.oodLimit ?? DEFAULT_OOD_LIMIT;
  const outcomes = new Map<string, ForecastOutcome>();
  const ready: ForecastOrigin[] = [];
  for (const [symbol, all] of series) {
    const candles =
      all.length > forecaster.historyDays ? all.slice(all.length - forecaster.historyDays) : all;
    const run = trailingRunLength(candles);
    if (run < forecaster.inputDays) {
      const what = `${symbol}: ${metadata.model} forecasts from ${forecaster.inputDays} consecutive daily candles`;
      const detail =
        run === candles.length
          ? `too few candles for ${what}`
          : `too few consecutive candles for ${what}: days are missing before ${candles[candles.length - run].date}`;
      outcomes.set(symbol, {
        ok: false,
        error: new InsufficientDataError(forecaster.inputDays, run, detail),
      });
      continue;
    }
    const levels = options.levels?.get(symbol);
    ready.push(levels === undefined ? { symbol, candles } : { symbol, candles, levels });
  }
  const predictions = await predictEach(loaded, ready);
  ready.forEach(({ symbol, candles }, i) => {
    const last = candles[candles.length - 1];
    const prediction = predictions[i];
    if (prediction instanceof CfError) {
      // A feature that overflowed on this asset's prices: say so, naming the asset; other refusals name it already.
      const error = prediction.code.startsWith('FEATURES_')
        ? new NonFiniteForecastError(
            symbol,
            `${metadata.model} cannot forecast from ${last.date}: ${prediction.message}`,
          )
        : prediction;
      outcomes.set(symbol, { ok: false, error });
      return;
    }
    const { returns } = prediction;
    const closes = returns.every((r) => Number.isFinite(r) && r > -1)
      ? returnsToPrices(last.close, returns)
      : [];
    const bad = closes.length === 0 ? -1 : closes.findIndex((c) => !(Number.isFinite(c) && c > 0));
    const ranges = closeQuantiles(last.close, prediction.logReturnQuantiles, returns.length);
    if (ranges === null) {
      const error = new NonFiniteForecastError(
        symbol,
        `the ranges from ${last.date} (close ${last.close}) are not finite increasing prices: the candles are too extreme for ${metadata.model}`,
      );
      outcomes.set(symbol, { ok: false, error });
      return;
    }
    if (closes.length === 0 || bad >= 0) {
      const error = new NonFiniteForecastError(
        symbol,
        `the forecast from ${last.date} (close ${last.close}) is not a finite positive price path ` +
          `(returns [${returns.join(', ')}]): the candles are too extreme for ${metadata.model}`,
      );
      outcomes.set(symbol, { ok: false, error });
      return;
    }
    outcomes.set(symbol, {
      ok: true,
      forecast: {
        symbol,
        lastObservedDate: last.date,
        lastClose: last.close,
        generatedAt: options.generatedAt,
        modelVersion: metadata.version,
        model: metadata.model,
        modelTrainedThrough: metadata.data.trainedThrough,
        horizon: metadata.horizon,
        steps: returns.map((predictedReturn, k) => ({
          horizonDay: k + 1,
          targetDate: addDays(last.date, k + 1),
          predictedReturn,
          predictedClose: closes[k],
          ...(ranges === undefined ? {} : { quantiles: ranges[k] }),
        })),
        outOfDistribution: forecaster.inputWarnings({ symbol, candles }, limit),
      },
    });
  });
  return new Map([...series.keys()].map((symbol) => [symbol, outcomes.get(symbol) as ForecastOutcome]));
}

/**
 * The close quantiles of each day (`[day][k]` at `QUANTILE_LEVELS`) from the log-return quantiles
 * (`[level][day]`); undefined for a point-only forecast, null when a close is not a finite positive price or
 * the closes do not increase with the level.
 */
function closeQuantiles(
  lastClose: number,
  logReturns: readonly (readonly number[])[] | undefined,
  horizon: number,
): ForecastQuantile[][] | undefined | null {
  if (logReturns === undefined) return undefined;
  const days = Array.from({ length: horizon }, (_, day) =>
    QUANTILE_LEVELS.map((level, k) => ({
      level,
      close: lastClose * Math.exp(logReturns[k]?.[day] ?? Number.NaN),
    })),
  );
  const ok = days.every((qs) =>
    qs.every((q, k) => Number.isFinite(q.close) && q.close > 0 && (k === 0 || q.close >= qs[k - 1].close)),
  );
  return ok ? days : null;
}

/**
 * One batched `predict`; when the batch fails on an input error (an asset whose candles break a feature, such
 * as a zero price), each origin is predicted alone so that only the assets at fault are refused.
 */
async function predictEach(
  loaded: LoadedModelVersion,
  origins: readonly ForecastOrigin[],
): Promise<(OriginForecast | CfError)[]> {
  try {
    return await loaded.forecaster.predict(origins);
  } catch (error) {
    if (!(error instanceof CfError) || error.kind !== 'input' || origins.length === 0) throw error;
  }
  const out: (OriginForecast | CfError)[] = [];
  for (const origin of origins) {
    try {
      out.push((await loaded.forecaster.predict([origin]))[0]);
    } catch (error) {
      if (!(error instanceof CfError) || error.kind !== 'input') throw error;
      out.push(error);
    }
  }
  return out;
}

/** How many candles at the end are consecutive days (0 for none). */
function trailingRunLength(candles: readonly Candle[]): number {
  if (candles.length === 0) return 0;
  let run = 1;
  while (
    run < candles.length &&
    daysBetween(candles[candles.length - run - 1].date, candles[candles.length - run].date) === 1
  )
    run++;
  return run;
}
