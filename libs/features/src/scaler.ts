import { FeaturesError } from './errors';

/** A fitted standard scaler: per column, `scaled = (value - mean) / std`. */
export interface ScalerParams {
  readonly names: readonly string[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * A standard deviation at or below this fraction of max(1, |mean|) is float noise around a constant column
 * (a mean computed by summing n equal values is not always exactly that value).
 */
const CONSTANT_COLUMN_TOLERANCE = 1e-12;

/**
 * Fits a standard scaler: the mean and the population standard deviation (ddof = 0, as scikit-learn's
 * `StandardScaler`) of each column. A column with zero variance gets std 1, so it scales to exactly
 * `value - mean` (0 on the fitted data) instead of dividing by zero. Throws FEATURES_NOT_ENOUGH_DATA for no
 * rows, FEATURES_MISMATCH for a row of the wrong length and FEATURES_NON_FINITE for NaN or infinite values.
 *
 * @example
 * const params = fitScaler(trainRows, frame.names);
 */
export function fitScaler(rows: readonly (readonly number[])[], names: readonly string[]): ScalerParams {
  if (rows.length === 0) {
    throw new FeaturesError('FEATURES_NOT_ENOUGH_DATA', `no rows to fit a scaler of ${names.join(', ')} on`);
  }
  const width = names.length;
  const sum = new Array<number>(width).fill(0);
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new FeaturesError('FEATURES_MISMATCH', `row ${i} has ${row.length} values for ${width} columns`);
    }
    for (let f = 0; f < width; f++) {
      if (!Number.isFinite(row[f])) {
        throw new FeaturesError('FEATURES_NON_FINITE', `row ${i}, column ${names[f]} is ${row[f]}`);
      }
      sum[f] += row[f];
    }
  });
  const mean = sum.map((s) => s / rows.length);
  const squares = new Array<number>(width).fill(0);
  for (const row of rows) for (let f = 0; f < width; f++) squares[f] += (row[f] - mean[f]) ** 2;
  const std = squares.map((s, f) => {
    const sd = Math.sqrt(s / rows.length);
    return sd <= CONSTANT_COLUMN_TOLERANCE * Math.max(1, Math.abs(mean[f])) ? 1 : sd;
  });
  return { names: [...names], mean, std };
}

/**
 * Scales interleaved data in place: `data` is `[..., featureCount]` row-major (a window set's `x`, a batch of
 * targets), each value mapped by its column's mean and std. The arithmetic is in float64, stored as float32.
 */
export function scaleInPlace(data: Float32Array, params: ScalerParams): void {
  const width = checkWidth(data.length, params);
  for (let i = 0; i < data.length; i++) {
    const f = i % width;
    data[i] = (data[i] - params.mean[f]) / params.std[f];
  }
}

/** One row scaled: `(row[f] - mean[f]) / std[f]`. */
export function scaleRow(row: readonly number[], params: ScalerParams): number[] {
  if (row.length !== params.names.length) {
    throw new FeaturesError(
      'FEATURES_MISMATCH',
      `row of ${row.length} values for ${params.names.length} columns`,
    );
  }
  return row.map((v, f) => (v - params.mean[f]) / params.std[f]);
}

/** Interleaved scaled values mapped back: `value * std[f] + mean[f]` (e.g. a model's scaled output). */
export function unscaleValues(values: ArrayLike<number>, params: ScalerParams): number[] {
  const width = checkWidth(values.length, params);
  return Array.from(values, (v, i) => v * params.std[i % width] + params.mean[i % width]);
}

/** A feature whose value lies more than `limit` training standard deviations from the training mean. */
export interface DistributionFlag {
  readonly feature: string;
  readonly zScore: number;
  readonly limit: number;
}

/** The columns of an unscaled row whose z-score against the fitted scaler exceeds `limit` in magnitude. */
export function flagOutOfDistribution(
  row: readonly number[],
  params: ScalerParams,
  limit: number,
): DistributionFlag[] {
  return scaleRow(row, params)
    .map((zScore, f) => ({ feature: params.names[f], zScore, limit }))
    .filter((flag) => !(Math.abs(flag.zScore) <= limit));
}

function checkWidth(length: number, params: ScalerParams): number {
  const width = params.names.length;
  if (width === 0 || length % width !== 0) {
    throw new FeaturesError(
      'FEATURES_MISMATCH',
      `${length} values are not whole rows of ${width} columns (${params.names.join(', ')})`,
    );
  }
  return width;
}
