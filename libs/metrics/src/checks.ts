import { MetricsError } from './errors';

/** Throws unless `values` is non-empty and every value is finite. */
export function checkSeries(name: string, values: readonly number[]): void {
  if (values.length === 0) throw new MetricsError('METRICS_EMPTY_INPUT', `${name} is empty`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new MetricsError(
        'METRICS_NON_FINITE',
        `${name}[${i}] is ${String(values[i])}, not a finite number`,
      );
    }
  }
}

/** Throws unless both series are non-empty, finite and of the same length. */
export function checkPair(nameA: string, a: readonly number[], nameB: string, b: readonly number[]): void {
  if (a.length !== b.length) {
    throw new MetricsError(
      'METRICS_LENGTH_MISMATCH',
      `${nameA} has ${a.length} values but ${nameB} has ${b.length}`,
    );
  }
  checkSeries(nameA, a);
  checkSeries(nameB, b);
}

/** Throws unless `value` is an integer >= 1. */
export function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new MetricsError('METRICS_INVALID_ARGUMENT', `${name} ${String(value)} is not an integer >= 1`);
  }
}

/** Throws unless `value` is a finite number. */
export function checkFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new MetricsError('METRICS_NON_FINITE', `${name} is ${String(value)}, not a finite number`);
  }
}

/** Throws unless `p` is a probability strictly between 0 and 1 (a quantile level). */
export function checkProbability(name: string, p: number): void {
  if (!(p > 0 && p < 1)) {
    throw new MetricsError('METRICS_INVALID_ARGUMENT', `${name} ${p} is not a probability in (0, 1)`);
  }
}

/** Throws unless `levels` is a non-empty list of probabilities in (0, 1) and `quantiles` matches it. */
export function checkQuantileSet(quantiles: readonly number[], levels: readonly number[], where = ''): void {
  if (levels.length === 0) throw new MetricsError('METRICS_EMPTY_INPUT', 'levels is empty');
  levels.forEach((level, k) => checkProbability(`levels[${k}]`, level));
  if (quantiles.length !== levels.length) {
    throw new MetricsError(
      'METRICS_LENGTH_MISMATCH',
      `quantiles${where} has ${quantiles.length} values but levels has ${levels.length}`,
    );
  }
  checkSeries(`quantiles${where}`, quantiles);
}

/** Throws unless `df` (degrees of freedom of a distribution) is a finite number > 0. */
export function checkDegreesOfFreedom(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new MetricsError('METRICS_INVALID_ARGUMENT', `degrees of freedom ${df} is not a finite number > 0`);
  }
}
