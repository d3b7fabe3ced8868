import { checkCloses, checkInteger } from './checks';
import { levelsOfDay, type DayLevels } from './day-levels';
import { empiricalQuantiles } from './empirical-quantile';

/** Options of {@link naiveEmpiricalQuantiles}. */
export interface NaiveEmpiricalOptions {
  /** Trailing window in days (daily returns): the last `window + 1` closes are used. Default 365. */
  readonly window?: number;
  /** Horizon days h = 1..horizon. Default 7. */
  readonly horizon?: number;
}

/** Default trailing window of the naive-empirical ranges: one year of daily returns. */
export const NAIVE_EMPIRICAL_DEFAULT_WINDOW = 365;

/** The fewest closes {@link naiveEmpiricalQuantiles} accepts for these options: `window + 1`. */
export function naiveEmpiricalMinCloses(options: NaiveEmpiricalOptions = {}): number {
  return (options.window ?? NAIVE_EMPIRICAL_DEFAULT_WINDOW) + 1;
}

/**
 * The naive-empirical range forecast (the baseline every range is judged against): for each horizon day h,
 * the sample quantiles at `levels` of the overlapping h-day log returns `ln(close_t / close_{t-h})` lying
 * wholly inside the trailing window, i.e. the last `window + 1` closes (`window - h + 1` returns for day h),
 * with type-7 interpolation (see {@link empiricalQuantiles}); `levels` is one set for every day or one per day
 * (`DayLevels`). Returns `quantiles[h - 1][k]`, the level-k
 * quantile of the h-day log return from the last close; the close quantile is `lastClose * exp(q)`.
 *
 * @example
 * const q = naiveEmpiricalQuantiles(closes, [0.05, 0.5, 0.95]); // q[6] = the 7-day return quantiles
 */
export function naiveEmpiricalQuantiles(
  closes: readonly number[],
  levels: DayLevels,
  options: NaiveEmpiricalOptions = {},
): number[][] {
  const window = options.window ?? NAIVE_EMPIRICAL_DEFAULT_WINDOW;
  const horizon = options.horizon ?? 7;
  checkInteger('horizon', horizon, 1);
  checkInteger('window', window, horizon);
  checkCloses(closes, window + 1, 'naive-empirical');
  const first = closes.length - 1 - window;
  const result: number[][] = [];
  for (let h = 1; h <= horizon; h++) {
    const returns: number[] = [];
    for (let t = first + h; t < closes.length; t++) returns.push(Math.log(closes[t] / closes[t - h]));
    result.push(empiricalQuantiles(returns, levelsOfDay(levels, h, horizon)));
  }
  return result;
}
