import {
  computeFeatures,
  decodeForecasts,
  flagOutOfDistribution,
  latestModelInput,
  type FeatureSetName,
  type ModelScalers,
} from '@cf/features';
import { InsufficientHistoryError } from '../errors';
import { originDay, type ForecastOrigin, type InputWarning } from '../forecaster';

/**
 * Candles before an origin's input days that `predict` still feeds to the features, so that EMA 7 and RSI 14
 * (which remember their whole run) have forgotten where the slice starts: after a year the start's weight is
 * below 1e-11, under float32 precision, so a forecast equals one computed from the full history.
 */
export const PREDICT_BURN_IN_DAYS = 365;

/** The scaled input windows of a batch of origins and their origin closes. */
export interface ScaledOriginInputs {
  /** [count, window, features], scaled by the fit's feature scaler. */
  readonly x: Float32Array;
  readonly closes: readonly number[];
  readonly count: number;
  /** Each origin's latest-day feature row, unscaled: what `inputWarnings` judges. */
  readonly latestRows: readonly (readonly number[])[];
}

/**
 * Features of each origin's last `inputDays + PREDICT_BURN_IN_DAYS` candles, the window ending on the origin,
 * scaled with the fit's scalers. An origin without `inputDays` consecutive candles ending on it throws
 * `InsufficientHistoryError` naming the model, the symbol and the day.
 */
export function scaledOriginInputs(
  model: string,
  origins: readonly ForecastOrigin[],
  scalers: ModelScalers,
  inputDays: number,
): ScaledOriginInputs {
  const stride = scalers.window * scalers.features.names.length;
  const x = new Float32Array(origins.length * stride);
  const closes: number[] = [];
  const latestRows: (readonly number[])[] = [];
  origins.forEach((origin, i) => {
    const day = originDay(origin);
    const tail = origin.candles.slice(-(inputDays + PREDICT_BURN_IN_DAYS));
    const frame = computeFeatures(tail, scalers.featureSet);
    const input = latestModelInput(frame, scalers);
    if (input === undefined || input.originDate !== day) {
      throw new InsufficientHistoryError(
        model,
        day,
        `${origin.symbol} needs ${inputDays} consecutive daily candles ending on the origin`,
      );
    }
    x.set(input.x, i * stride);
    closes.push(input.originClose);
    latestRows.push(frame.rows[frame.rows.length - 1]);
  });
  return { x, closes, count: origins.length, latestRows };
}

/** Scaled model outputs `[count, horizon]` back to daily simple returns, one array per origin. */
export function decodeReturns(
  output: ArrayLike<number>,
  closes: readonly number[],
  scalers: ModelScalers,
): number[][] {
  return decodeForecasts(output, closes, scalers).map((d) => d.returns);
}

/** Latest-day features of an origin beyond `limit` training standard deviations of the fit's scaler. */
export function originInputWarnings(
  origin: ForecastOrigin,
  scalers: ModelScalers,
  inputDays: number,
  limit: number,
): InputWarning[] {
  const tail = origin.candles.slice(-(inputDays + PREDICT_BURN_IN_DAYS));
  const frame = computeFeatures(tail, scalers.featureSet as FeatureSetName);
  if (frame.rows.length === 0) return [];
  return latestRowWarnings(frame.rows[frame.rows.length - 1], scalers, limit);
}

/** Features of a latest-day row beyond `limit` training standard deviations of the fit's scaler. */
export function latestRowWarnings(
  row: readonly number[],
  scalers: ModelScalers,
  limit: number,
): InputWarning[] {
  return flagOutOfDistribution(row, scalers.features, limit).map(({ feature, zScore }) => ({
    feature,
    zScore,
    limit,
  }));
}
