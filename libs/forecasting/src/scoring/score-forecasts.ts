import type { IsoDay } from '@cf/ohlcv';
import { compare, dieboldMarianoOf, groupedScores } from './grouped-scores';

/** One scored forecast step: a forecast close for one horizon day and what happened. */
export interface ForecastPoint {
  readonly symbol: string;
  /** The origin (last observed) day of the forecast. */
  readonly origin: IsoDay;
  /** 1..horizon. */
  readonly horizonDay: number;
  /** Close on the origin day: persistence's forecast and the reference of direction and relative errors. */
  readonly originClose: number;
  readonly predicted: number;
  readonly actual: number;
}

/** Diebold-Mariano test of a model against persistence: a negative statistic means the model is more accurate. */
export interface DieboldMarianoScore {
  readonly statistic: number;
  readonly pValue: number;
}

/** A model's point errors on a set of points, next to persistence's on the very same points. */
export interface PointScores {
  /** Distinct forecasts (symbol, origin) scored. */
  readonly forecasts: number;
  /** Scored points (forecast x horizon day). */
  readonly points: number;
  /** Mean absolute error in price units; null when the points mix symbols (price levels do not pool). */
  readonly mae: number | null;
  readonly persistenceMae: number | null;
  /** Mean of |predicted - actual| / originClose. */
  readonly relativeMae: number;
  /** Mean of |originClose - actual| / originClose. */
  readonly persistenceRelativeMae: number;
  /** `relativeMae / persistenceRelativeMae`: below 1 beats persistence; null when persistence's error is 0. */
  readonly ratio: number | null;
  /** Share of points whose move from the origin close had the actual move's sign (zero is its own sign). */
  readonly directionalAccuracy: number;
  /** Null when there are too few forecasts or the statistic is infinite (every loss difference equal). */
  readonly dieboldMariano: DieboldMarianoScore | null;
}

/** Scores overall and per horizon day. */
export interface ScoreTable {
  readonly overall: PointScores;
  /** Index k is horizon day k + 1. */
  readonly byHorizonDay: readonly PointScores[];
}

/** Every point score of one model. */
export interface ModelScores extends ScoreTable {
  readonly model: string;
  readonly bySymbol: Readonly<Record<string, ScoreTable>>;
}

/**
 * The one scorer of point forecasts on the platform: train's held-out evaluation, the backtest, promotion and
 * the monitor's daily and rolling metrics all call it, so the same points give the same numbers everywhere.
 *
 * The pooling rule: every error is divided by its forecast's origin close (a relative error), and every
 * aggregate is the plain mean of the relative errors of its points, for the model and for persistence alike;
 * the ratio to persistence is the quotient of the two means. Per symbol, the MAE in price units is reported
 * too, for reading. Directional accuracy counts points. Diebold-Mariano (absolute loss, HLN correction)
 * compares the model's relative errors with persistence's on one series per origin day, the mean over the
 * points of that day (all symbols and horizon days in the group), with lags up to the longest horizon day in
 * the group minus one. The same points in any order give the same numbers, bit for bit.
 *
 * @example
 * const scores = scorePoints('ridge', points, 7);
 * scores.overall.ratio; // below 1 beats persistence
 */
export function scorePoints(model: string, given: readonly ForecastPoint[], horizon: number): ModelScores {
  return { model, ...groupedScores(given, horizon, scoreGroup, true) };
}

/** Scores of one group of points; `lags` is its longest horizon day. */
export function scoreGroup(points: readonly ForecastPoint[], lags: number, oneSymbol: boolean): PointScores {
  let model = 0;
  let persistence = 0;
  let modelPrice = 0;
  let persistencePrice = 0;
  let hits = 0;
  const byOrigin = new Map<IsoDay, { model: number; persistence: number; n: number }>();
  const forecasts = new Set<string>();
  for (const p of points) {
    const e = Math.abs(p.predicted - p.actual);
    const q = Math.abs(p.originClose - p.actual);
    model += e / p.originClose;
    persistence += q / p.originClose;
    modelPrice += e;
    persistencePrice += q;
    if (Math.sign(p.predicted - p.originClose) === Math.sign(p.actual - p.originClose)) hits++;
    forecasts.add(`${p.symbol} ${p.origin}`);
    const entry = byOrigin.get(p.origin) ?? { model: 0, persistence: 0, n: 0 };
    entry.model += e / p.originClose;
    entry.persistence += q / p.originClose;
    entry.n += 1;
    byOrigin.set(p.origin, entry);
  }
  const n = points.length;
  const relativeMae = n === 0 ? Number.NaN : model / n;
  const persistenceRelativeMae = n === 0 ? Number.NaN : persistence / n;
  const series = [...byOrigin.entries()].sort(([a], [b]) => compare(a, b)).map(([, e]) => e);
  return {
    forecasts: forecasts.size,
    points: n,
    mae: oneSymbol && n > 0 ? modelPrice / n : null,
    persistenceMae: oneSymbol && n > 0 ? persistencePrice / n : null,
    relativeMae,
    persistenceRelativeMae,
    ratio: persistenceRelativeMae > 0 ? relativeMae / persistenceRelativeMae : null,
    directionalAccuracy: n === 0 ? Number.NaN : hits / n,
    dieboldMariano: dieboldMarianoOf(
      series.map((e) => e.model / e.n),
      series.map((e) => e.persistence / e.n),
      lags,
    ),
  };
}
