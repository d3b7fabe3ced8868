import { addDays } from '@cf/ohlcv';
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
] as const;

/**
 * Every forecast as CSV, one row per horizon day, in the order given (the backtest writes model, then symbol,
 * then origin order). Numbers are written with `String(n)`, which round-trips every double, so the report can
 * be recomputed exactly from this file; `predicted_return` is the model's daily simple return of that day.
 */
export function formatForecastsCsv(forecasts: readonly BacktestForecast[]): string {
  const lines = [BACKTEST_FORECAST_COLUMNS.join(',')];
  for (const f of forecasts) {
    f.returns.forEach((r, k) => {
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
        ].join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}
