import { dieboldMariano, directionalAccuracy, mae, MetricsError } from '@cf/metrics';
import type { IsoDay } from '@cf/ohlcv';
import type { BacktestForecast } from './backtest-forecast';

/** Diebold-Mariano test of a model against persistence: a negative statistic means the model is more accurate. */
export interface DieboldMarianoScore {
  readonly statistic: number;
  readonly pValue: number;
}

/** A model's errors on one symbol (one horizon day, or all), next to persistence's on the same points. */
export interface BacktestScores {
  /** Forecasts scored (origins). */
  readonly n: number;
  readonly mae: number;
  readonly persistenceMae: number;
  /** `mae / persistenceMae`, below 1 beats persistence; null when persistence's MAE is 0. */
  readonly ratio: number | null;
  /** Share of forecasts whose move from the origin close had the actual move's sign (zero is its own sign). */
  readonly directionalAccuracy: number;
  /** Null when there are too few forecasts or the statistic is infinite (every loss difference equal). */
  readonly dieboldMariano: DieboldMarianoScore | null;
}

/** One symbol's scores: overall (all horizon days) and per horizon day. */
export interface SymbolBacktestScores {
  readonly overall: BacktestScores;
  readonly byHorizonDay: readonly BacktestScores[];
}

/** The average over symbols: each asset counts once, whatever its price level. */
export interface AverageBacktestScores {
  /** Symbols averaged (those with a defined ratio). */
  readonly symbols: number;
  /** Forecasts scored over all symbols. */
  readonly n: number;
  /** Mean of the per-symbol ratios to persistence. */
  readonly ratio: number | null;
  /** Mean of the per-symbol directional accuracies. */
  readonly directionalAccuracy: number;
  /** DM on the per-date mean over symbols of errors scaled by each symbol's persistence MAE. */
  readonly dieboldMariano: DieboldMarianoScore | null;
}

/** Every score of one model. */
export interface ModelBacktestScores {
  readonly model: string;
  readonly bySymbol: Readonly<Record<string, SymbolBacktestScores>>;
  readonly average: {
    readonly overall: AverageBacktestScores;
    readonly byHorizonDay: readonly AverageBacktestScores[];
  };
}

/** Per-origin absolute errors of a symbol's forecasts, model and persistence, per horizon day. */
interface SymbolErrors {
  readonly dates: readonly IsoDay[];
  /** [day][origin] */
  readonly model: readonly (readonly number[])[];
  readonly persistence: readonly (readonly number[])[];
}

/**
 * Scores one model's forecasts, per symbol and horizon day, next to persistence on the very same origins:
 * - MAE of the forecast closes and persistence's MAE (the origin close repeated), their ratio;
 * - directional accuracy (the sign of predicted - origin close against actual - origin close);
 * - Diebold-Mariano (absolute-error loss, HLN correction) of the model against persistence: per horizon day `k`
 *   on that day's errors in origin order with lags up to `k - 1`; overall on each origin's mean absolute error
 *   over the horizon, lags up to `horizon - 1`.
 * Overall MAE and accuracy are the means over horizon days (every day has the same points). The average over
 * symbols is the mean of the per-symbol ratios (and accuracies), so BTC's price level does not dominate it; its
 * Diebold-Mariano test runs on the per-date mean over symbols of absolute errors divided by each symbol's
 * persistence MAE (the same divisor for model and persistence, so it is scale-free).
 *
 * @example
 * const scores = scoreBacktest('gru/scale-free', forecasts.filter((f) => f.model === 'gru/scale-free'), 7);
 */
export function scoreBacktest(
  model: string,
  forecasts: readonly BacktestForecast[],
  horizon: number,
): ModelBacktestScores {
  const bySymbolForecasts = new Map<string, BacktestForecast[]>();
  for (const f of forecasts) {
    const list = bySymbolForecasts.get(f.symbol) ?? [];
    list.push(f);
    bySymbolForecasts.set(f.symbol, list);
  }
  const symbols = [...bySymbolForecasts.keys()].sort();
  const bySymbol: Record<string, SymbolBacktestScores> = {};
  const errors: Record<string, SymbolErrors> = {};
  for (const symbol of symbols) {
    const list = bySymbolForecasts.get(symbol) ?? [];
    list.sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0));
    const days = Array.from({ length: horizon }, (_, k) => k);
    const byDay = days.map((k) => scoreDay(list, k));
    errors[symbol] = {
      dates: list.map((f) => f.origin),
      model: days.map((k) => list.map((f) => Math.abs(f.predicted[k] - f.actual[k]))),
      persistence: days.map((k) => list.map((f) => Math.abs(f.originClose - f.actual[k]))),
    };
    const modelMae = mean(byDay.map((s) => s.mae));
    const persistenceMae = mean(byDay.map((s) => s.persistenceMae));
    const perOrigin = (rows: readonly (readonly number[])[]) =>
      list.map((_, i) => mean(rows.map((row) => row[i])));
    bySymbol[symbol] = {
      overall: {
        n: list.length,
        mae: modelMae,
        persistenceMae,
        ratio: ratio(modelMae, persistenceMae),
        directionalAccuracy: mean(byDay.map((s) => s.directionalAccuracy)),
        dieboldMariano: dm(perOrigin(errors[symbol].model), perOrigin(errors[symbol].persistence), horizon),
      },
      byHorizonDay: byDay,
    };
  }
  const days = Array.from({ length: horizon }, (_, k) => k);
  return {
    model,
    bySymbol,
    average: {
      overall: average(
        symbols.map((s) => bySymbol[s].overall),
        scaledErrorsByDate(symbols, errors, bySymbol, days),
        horizon,
      ),
      byHorizonDay: days.map((k) =>
        average(
          symbols.map((s) => bySymbol[s].byHorizonDay[k]),
          scaledErrorsByDate(symbols, errors, bySymbol, [k]),
          k + 1,
        ),
      ),
    },
  };
}

function scoreDay(list: readonly BacktestForecast[], k: number): BacktestScores {
  const actual = list.map((f) => f.actual[k]);
  const predicted = list.map((f) => f.predicted[k]);
  const origins = list.map((f) => f.originClose);
  const modelMae = mae(actual, predicted);
  const persistenceMae = mae(actual, origins);
  return {
    n: list.length,
    mae: modelMae,
    persistenceMae,
    ratio: ratio(modelMae, persistenceMae),
    directionalAccuracy: directionalAccuracy(origins, actual, predicted),
    dieboldMariano: dm(
      predicted.map((p, i) => p - actual[i]),
      origins.map((o, i) => o - actual[i]),
      k + 1,
    ),
  };
}

/** Per origin date, the mean over symbols and the given days of |error| / that symbol-day's persistence MAE. */
function scaledErrorsByDate(
  symbols: readonly string[],
  errors: Readonly<Record<string, SymbolErrors>>,
  scores: Readonly<Record<string, SymbolBacktestScores>>,
  days: readonly number[],
): { model: number[]; persistence: number[] } {
  const byDate = new Map<IsoDay, { model: number; persistence: number; n: number }>();
  for (const symbol of symbols) {
    const e = errors[symbol];
    for (const k of days) {
      const scale = scores[symbol].byHorizonDay[k].persistenceMae;
      if (!(scale > 0)) continue;
      e.dates.forEach((date, i) => {
        const entry = byDate.get(date) ?? { model: 0, persistence: 0, n: 0 };
        entry.model += e.model[k][i] / scale;
        entry.persistence += e.persistence[k][i] / scale;
        entry.n += 1;
        byDate.set(date, entry);
      });
    }
  }
  const entries = [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  return { model: entries.map((e) => e.model / e.n), persistence: entries.map((e) => e.persistence / e.n) };
}

function average(
  scores: readonly BacktestScores[],
  scaled: { model: number[]; persistence: number[] },
  lags: number,
): AverageBacktestScores {
  const ratios = scores.map((s) => s.ratio).filter((r): r is number => r !== null);
  return {
    symbols: ratios.length,
    n: scores.reduce((n, s) => n + s.n, 0),
    ratio: ratios.length === 0 ? null : mean(ratios),
    directionalAccuracy: mean(scores.map((s) => s.directionalAccuracy)),
    dieboldMariano: scaled.model.length === 0 ? null : dm(scaled.model, scaled.persistence, lags),
  };
}

function dm(
  model: readonly number[],
  persistence: readonly number[],
  lags: number,
): DieboldMarianoScore | null {
  try {
    const result = dieboldMariano(model, persistence, lags);
    return Number.isFinite(result.statistic) ? { statistic: result.statistic, pValue: result.pValue } : null;
  } catch (error) {
    if (error instanceof MetricsError && error.code === 'METRICS_TOO_SHORT') return null;
    throw error;
  }
}

function ratio(modelMae: number, persistenceMae: number): number | null {
  return persistenceMae > 0 ? modelMae / persistenceMae : null;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? Number.NaN : sum / values.length;
}
