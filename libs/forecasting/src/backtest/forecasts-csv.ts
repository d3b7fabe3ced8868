import { addDays, QUANTILE_LEVELS } from '@cf/ohlcv';
import type { BacktestForecast } from './backtest-forecast';

/** Columns of `backtests/{id}/forecasts.csv`, one row per forecast day. */
export const BACKTEST_FORECAST_COLUMNS = [
  'model',
  'symbol',
  'cutoff',
  'origin',
  'horizon_day',
  'target_date',
  'predicted_return',
  'predicted_close',
  'actual_close',
  'persistence_close',
  ...QUANTILE_LEVELS.map((level) => `log_return_q${level}`),
] as const;

/**
 * Every forecast as CSV, one row per horizon day, in the order given (the backtest writes model, then symbol,
 * then origin order). Numbers are written with `String(n)`, which round-trips every double, so the report can
 * be recomputed exactly from this file; `predicted_return` is the model's daily simple return of that day, and
 * `log_return_q{level}` the quantiles of a range model's cumulative log return from the origin close to that
 * day, at the levels of `QUANTILE_LEVELS` (as published, calibrated when the backtest calibrates; empty for
 * point models). A day's outcome is `ln(actual_close / persistence_close)`.
 */
export function formatForecastsCsv(forecasts: readonly BacktestForecast[]): string {
  const lines = [BACKTEST_FORECAST_COLUMNS.join(',')];
  for (const f of forecasts) {
    f.returns.forEach((r, k) => {
      const quantiles = QUANTILE_LEVELS.map((_, level) => f.logReturnQuantiles?.[level]?.[k] ?? '');
      lines.push(
        [
          f.model,
          f.symbol,
          f.cutoff,
          f.origin,
          k + 1,
          addDays(f.origin, k + 1),
          r,
          f.predicted[k],
          f.actual[k],
          f.originClose,
          ...quantiles,
        ].join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}
