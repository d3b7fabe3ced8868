import {
  dieboldMariano,
  directionalAccuracy,
  mae,
  MetricsError,
  persistencePath,
  ratioToPersistence,
  type DieboldMarianoResult,
} from '@cf/metrics';
import type { IsoDay } from '@cf/ohlcv';
import type { EvaluationScores, ModelMetadata, TestReport } from '../metadata';

/** One symbol's forecasts on an evaluation set: for each origin day, the forecast and actual price paths. */
export interface SymbolForecasts {
  readonly symbol: string;
  /** Origin (last input) day of each forecast, increasing. */
  readonly originDates: readonly IsoDay[];
  /** Close on each origin day: persistence's forecast and the reference for direction. */
  readonly originCloses: readonly number[];
  /** Actual closes of the `horizon` days after each origin. */
  readonly actual: readonly (readonly number[])[];
  /** Forecast closes of the same days. */
  readonly predicted: readonly (readonly number[])[];
}

/** Test results overall (all symbols pooled) and by symbol: the `test` field of `ModelMetadata`. */
export type TestEvaluation = ModelMetadata['test'];

/**
 * Scores forecast price paths against the actual closes, next to the persistence baseline (every future close
 * = the origin close), per symbol and pooled: MAE per horizon day and overall, its ratio to persistence's MAE,
 * directional accuracy (direction of each forecast close vs the origin close) per horizon day and overall, and
 * a Diebold-Mariano test (absolute-error loss, HLN correction, lag horizon - 1) of the model against
 * persistence on the errors of the last horizon day. `points` counts the scored price points: forecasts x horizon.
 *
 * Pooled MAE is in price units, so it is dominated by the highest-priced asset (BTC on the bundled data);
 * read the per-symbol reports and the ratios, which are scale-free. The pooled Diebold-Mariano test runs on
 * the per-date mean absolute errors across symbols, so that the series it tests is one time series.
 * A Diebold-Mariano result is left out when there are too few forecasts for the horizon, or when the
 * statistic is infinite (every loss difference identical), which JSON cannot hold.
 *
 * @example
 * const test = evaluateForecasts([{ symbol: 'BTC', originDates, originCloses, actual, predicted }], 7);
 * test.bySymbol.BTC.model.maeRatioToPersistence; // below 1 beats persistence
 */
export function evaluateForecasts(forecasts: readonly SymbolForecasts[], horizon: number): TestEvaluation {
  const bySymbol: Record<string, TestReport> = {};
  for (const f of forecasts) bySymbol[f.symbol] = reportOf([f], horizon);
  return { ...reportOf(forecasts, horizon), bySymbol };
}

function reportOf(forecasts: readonly SymbolForecasts[], horizon: number): TestReport {
  const origins = forecasts.flatMap((f) => f.originCloses);
  const actual = forecasts.flatMap((f) => f.actual);
  const predicted = forecasts.flatMap((f) => f.predicted);
  const persistence = origins.map((close) => persistencePath(close, horizon));
  const persistenceScores = scoresOf(origins, actual, persistence, horizon);
  const modelScores = scoresOf(origins, actual, predicted, horizon);
  const dm = lastDayDieboldMariano(forecasts, horizon);
  return {
    model: {
      ...modelScores,
      maeRatioToPersistence: ratioToPersistence(modelScores.mae, persistenceScores.mae),
      ...(dm === undefined ? {} : { dieboldMariano: dm }),
    },
    persistence: { ...persistenceScores, maeRatioToPersistence: 1 },
  };
}

function scoresOf(
  origins: readonly number[],
  actual: readonly (readonly number[])[],
  predicted: readonly (readonly number[])[],
  horizon: number,
): Omit<EvaluationScores, 'maeRatioToPersistence' | 'dieboldMariano'> {
  const maeByHorizonDay: number[] = [];
  const directionalAccuracyByHorizonDay: number[] = [];
  for (let k = 0; k < horizon; k++) {
    const a = actual.map((path) => path[k]);
    const p = predicted.map((path) => path[k]);
    maeByHorizonDay.push(mae(a, p));
    directionalAccuracyByHorizonDay.push(directionalAccuracy(origins, a, p));
  }
  return {
    // Every horizon day has the same number of points, so the overall figures are the means over days.
    mae: average(maeByHorizonDay),
    directionalAccuracy: average(directionalAccuracyByHorizonDay),
    maeByHorizonDay,
    directionalAccuracyByHorizonDay,
    points: origins.length * horizon,
  };
}

/** DM of model vs persistence on the last horizon day's absolute errors, per date (averaged over symbols). */
function lastDayDieboldMariano(
  forecasts: readonly SymbolForecasts[],
  horizon: number,
): { statistic: number; pValue: number } | undefined {
  const byDate = new Map<IsoDay, { model: number; persistence: number; n: number }>();
  for (const f of forecasts) {
    f.originDates.forEach((date, i) => {
      const actual = f.actual[i][horizon - 1];
      const entry = byDate.get(date) ?? { model: 0, persistence: 0, n: 0 };
      entry.model += Math.abs(f.predicted[i][horizon - 1] - actual);
      entry.persistence += Math.abs(f.originCloses[i] - actual);
      entry.n += 1;
      byDate.set(date, entry);
    });
  }
  const entries = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  const model = entries.map((e) => e.model / e.n);
  const persistence = entries.map((e) => e.persistence / e.n);
  let result: DieboldMarianoResult;
  try {
    result = dieboldMariano(model, persistence, horizon);
  } catch (error) {
    if (error instanceof MetricsError && error.code === 'METRICS_TOO_SHORT') return undefined;
    throw error;
  }
  if (!Number.isFinite(result.statistic)) return undefined;
  return { statistic: result.statistic, pValue: result.pValue };
}

function average(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
