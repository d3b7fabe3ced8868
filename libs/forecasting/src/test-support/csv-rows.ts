// Test helper: reads forecasts.csv back into typed rows, to recompute a report independently.
import { BACKTEST_FORECAST_COLUMNS } from '../backtest/forecasts-csv';

/** One row of `forecasts.csv`. */
export interface ForecastRow {
  readonly model: string;
  readonly symbol: string;
  readonly cutoff: string;
  readonly origin: string;
  readonly horizonDay: number;
  readonly targetDate: string;
  readonly predictedReturn: number;
  readonly predictedClose: number;
  readonly actualClose: number;
  readonly persistenceClose: number;
  /** Quantiles of the cumulative log return at `QUANTILE_LEVELS`, for range models. */
  readonly logReturnQuantiles?: readonly number[];
}

/** Parses `forecasts.csv`, checking its header. */
export function parseForecastRows(text: string): ForecastRow[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  if (header !== BACKTEST_FORECAST_COLUMNS.join(',')) throw new Error(`unexpected header ${header}`);
  return lines.map((line) => {
    const f = line.split(',');
    return {
      model: f[0],
      symbol: f[1],
      cutoff: f[2],
      origin: f[3],
      horizonDay: Number(f[4]),
      targetDate: f[5],
      predictedReturn: Number(f[6]),
      predictedClose: Number(f[7]),
      actualClose: Number(f[8]),
      persistenceClose: Number(f[9]),
      ...(f[10] === '' ? {} : { logReturnQuantiles: f.slice(10).map(Number) }),
    };
  });
}
