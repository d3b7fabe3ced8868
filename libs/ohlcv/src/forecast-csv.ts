import { quoteCsvField } from './csv-records';
import { QUANTILE_LEVELS, type Forecast, type ForecastStep } from './forecast';

/** `close_q05` ... `close_q95`: one column per level of `QUANTILE_LEVELS`. */
export const QUANTILE_COLUMNS: readonly string[] = QUANTILE_LEVELS.map(
  (level) => `close_q${String(Math.round(level * 100)).padStart(2, '0')}`,
);

/** Columns of a forecast CSV (`predictions/.../*.csv`), in file order: one row per forecast step. */
export const FORECAST_CSV_COLUMNS = [
  'symbol',
  'last_observed_date',
  'last_close',
  'generated_at',
  'model_version',
  'model',
  'model_trained_through',
  'horizon',
  'horizon_day',
  'target_date',
  'predicted_return',
  'predicted_close',
  ...QUANTILE_COLUMNS,
  'out_of_distribution',
] as const;

/**
 * Writes forecasts as CSV: header {@link FORECAST_CSV_COLUMNS}, one row per step in the order given,
 * `\n` line ends and a trailing newline, numbers as `String(n)`; the quantile columns hold the close at each
 * level of `QUANTILE_LEVELS` (empty when the forecast has none); `out_of_distribution` is the flagged feature
 * names joined by `;` (empty when none).
 */
export function formatForecastsCsv(forecasts: readonly Forecast[]): string {
  const lines: string[] = [FORECAST_CSV_COLUMNS.join(',')];
  for (const f of forecasts) {
    const outOfDistribution = f.outOfDistribution.map((flag) => flag.feature).join(';');
    for (const step of f.steps) {
      const row: string[] = [
        f.symbol,
        f.lastObservedDate,
        String(f.lastClose),
        f.generatedAt,
        f.modelVersion,
        f.model,
        f.modelTrainedThrough,
        String(f.horizon),
        String(step.horizonDay),
        step.targetDate,
        String(step.predictedReturn),
        String(step.predictedClose),
        ...quantileCells(step),
        outOfDistribution,
      ];
      lines.push(row.map(quoteCsvField).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

function quantileCells(step: ForecastStep): string[] {
  return QUANTILE_LEVELS.map((level) => {
    const q = step.quantiles?.find((x) => Math.abs(x.level - level) < 1e-9);
    return q === undefined ? '' : String(q.close);
  });
}
