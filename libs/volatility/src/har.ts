import { checkInteger } from './checks';
import { VolatilityError } from './errors';
import { ordinaryLeastSquares } from './ols';

/** Options of {@link fitHarRegression}: the lengths of the weekly and monthly averages, in days. */
export interface HarOptions {
  /** Days in the weekly average; crypto trades 7 days a week. Default 7. */
  readonly weekly?: number;
  /** Days in the monthly average. Default 30. */
  readonly monthly?: number;
}

/** A fitted HAR regression of next-day variance (plain numbers, JSON-ready). */
export interface HarRegression {
  readonly intercept: number;
  /** Coefficient of the last day's variance. */
  readonly daily: number;
  /** Coefficient of the mean variance of the last `weeklyDays` days. */
  readonly weekly: number;
  /** Coefficient of the mean variance of the last `monthlyDays` days. */
  readonly monthly: number;
  readonly weeklyDays: number;
  readonly monthlyDays: number;
  /** Forecasts are kept at or above this: the smallest positive variance of the fitted sample. */
  readonly floor: number;
  /** Regression rows used. */
  readonly n: number;
}

/** Regression rows the fit needs at least (10 per coefficient). */
const MIN_ROWS = 40;

/** The fewest daily variances {@link fitHarRegression} (and so `fitHar`) accepts for these options. */
export function harMinDays(options: HarOptions = {}): number {
  return (options.monthly ?? 30) + MIN_ROWS;
}

function resolve(options: HarOptions): { weeklyDays: number; monthlyDays: number } {
  const weeklyDays = options.weekly ?? 7;
  const monthlyDays = options.monthly ?? 30;
  checkInteger('weekly', weeklyDays, 2);
  checkInteger('monthly', monthlyDays, weeklyDays + 1);
  return { weeklyDays, monthlyDays };
}

function averageEnding(values: readonly number[], end: number, days: number): number {
  let sum = 0;
  for (let i = end - days + 1; i <= end; i++) sum += values[i];
  return sum / days;
}

/**
 * Fits Corsi's (2009) heterogeneous autoregression of daily variance, in levels:
 * `v_{t+1} = b₀ + b_d v_t + b_w v̄^(w)_t + b_m v̄^(m)_t + e_{t+1}`, with `v̄^(w)_t` and `v̄^(m)_t` the means of
 * the last `weekly` and `monthly` days, by ordinary least squares (QR). Levels rather than logs: the fitted
 * value is then the conditional mean of the variance itself, so multi-day forecasts iterate exactly and
 * need no log-normal bias correction; the price is that OLS weighs the volatile days heavily.
 *
 * @example
 * const model = fitHarRegression(parkinsonVariances(ohlc)); // weekly 7, monthly 30
 */
export function fitHarRegression(variances: readonly number[], options: HarOptions = {}): HarRegression {
  const { weeklyDays, monthlyDays } = resolve(options);
  checkVariances(variances, monthlyDays + MIN_ROWS, 'HAR');
  const rows: number[][] = [];
  const targets: number[] = [];
  for (let t = monthlyDays - 1; t < variances.length - 1; t++) {
    rows.push([
      1,
      variances[t],
      averageEnding(variances, t, weeklyDays),
      averageEnding(variances, t, monthlyDays),
    ]);
    targets.push(variances[t + 1]);
  }
  const floor = variances.reduce((min, v) => (v > 0 && v < min ? v : min), Infinity);
  if (!Number.isFinite(floor)) {
    throw new VolatilityError('VOLATILITY_DEGENERATE', 'every daily variance is 0: HAR cannot be fitted');
  }
  let coefficients: number[];
  try {
    coefficients = ordinaryLeastSquares(rows, targets).coefficients;
  } catch (error) {
    throw new VolatilityError(
      'VOLATILITY_DEGENERATE',
      `HAR regression is singular: ${(error as Error).message}`,
      'input',
      {
        cause: error,
      },
    );
  }
  const [intercept, daily, weekly, monthly] = coefficients;
  return { intercept, daily, weekly, monthly, weeklyDays, monthlyDays, floor, n: rows.length };
}

/**
 * Iterated HAR forecasts of the daily variance for the next `horizon` days after the last of `variances`: each
 * forecast is appended to the history as if observed, so the weekly and monthly averages roll forward (the
 * exact conditional mean for a linear model). A forecast below the model's floor is raised to it.
 * Returns `forecast[k - 1]` for day T + k.
 */
export function forecastHarRegression(
  model: HarRegression,
  variances: readonly number[],
  horizon: number,
): number[] {
  checkHarRegression(model);
  checkInteger('horizon', horizon, 1);
  checkVariances(variances, model.monthlyDays, 'the HAR forecast');
  const path = variances.slice(-model.monthlyDays);
  const forecasts: number[] = [];
  for (let k = 0; k < horizon; k++) {
    const t = path.length - 1;
    const next = Math.max(
      model.floor,
      model.intercept +
        model.daily * path[t] +
        model.weekly * averageEnding(path, t, model.weeklyDays) +
        model.monthly * averageEnding(path, t, model.monthlyDays),
    );
    forecasts.push(next);
    path.push(next);
  }
  return forecasts;
}

function checkVariances(variances: readonly number[], minimum: number, what: string): void {
  if (variances.length < minimum) {
    throw new VolatilityError(
      'VOLATILITY_TOO_SHORT',
      `${what} needs at least ${minimum} days, got ${variances.length}`,
    );
  }
  variances.forEach((v, i) => {
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new VolatilityError(
        'VOLATILITY_INVALID_INPUT',
        `variance[${i}] is ${String(v)}, not a finite number >= 0`,
      );
    }
  });
}

/** Throws unless a (possibly stored) HAR regression is well formed. */
export function checkHarRegression(model: HarRegression): void {
  const finite = [model.intercept, model.daily, model.weekly, model.monthly].every(Number.isFinite);
  const lengths =
    Number.isInteger(model.weeklyDays) &&
    model.weeklyDays >= 2 &&
    Number.isInteger(model.monthlyDays) &&
    model.monthlyDays > model.weeklyDays;
  if (!finite || !lengths || !(model.floor > 0) || !Number.isFinite(model.floor)) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_PARAMETERS',
      `HAR model ${JSON.stringify(model)} is malformed`,
    );
  }
}
