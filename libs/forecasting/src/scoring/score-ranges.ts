import {
  averagePinballLoss,
  centralRangeLevels,
  christoffersenTest,
  kupiecTest,
  MetricsError,
} from '@cf/metrics';
import { QUANTILE_LEVELS, type IsoDay } from '@cf/ohlcv';
import { compare, dieboldMarianoOf, groupedScores } from './grouped-scores';
import type { DieboldMarianoScore } from './score-forecasts';

/** The central ranges every range forecast is judged on, with the quantile levels that bound them. */
export const SCORED_RANGES = Object.freeze(
  [0.8, 0.9].map((nominal) => {
    const [lower, upper] = centralRangeLevels(nominal);
    return Object.freeze({ nominal, lower, upper });
  }),
);

/** One scored range point: a forecast's quantiles for one horizon day, the reference's, and what happened. */
export interface RangePoint {
  readonly symbol: string;
  readonly origin: IsoDay;
  /** 1..horizon. */
  readonly horizonDay: number;
  /** The realized log return from the origin close to the target day's close. */
  readonly outcome: number;
  /** The model's quantiles of that log return at `QUANTILE_LEVELS`. */
  readonly quantiles: readonly number[];
  /** naive-empirical's quantiles at the same levels, from the same origin. */
  readonly reference: readonly number[];
}

/** How often one central range held the outcome, and how wide it was, next to naive-empirical's. */
export interface CoverageScore {
  readonly nominal: number;
  readonly rate: number;
  readonly referenceRate: number;
  /** Mean width in log-return units (about the relative width of the price range). */
  readonly meanWidth: number;
  readonly referenceMeanWidth: number;
  /** Kupiec's test of the rate against nominal; null with too few points. */
  readonly kupiec: { readonly statistic: number; readonly pValue: number } | null;
  /**
   * Christoffersen's conditional coverage test (right rate and misses independent over time): only for a
   * group that is one asset's one horizon day (a sequence in time), else null.
   */
  readonly christoffersen: { readonly statistic: number; readonly pValue: number } | null;
}

/** A model's range scores on a set of points, next to naive-empirical's on the very same points. */
export interface RangeScores {
  readonly forecasts: number;
  readonly points: number;
  /** Mean pinball loss over points and levels (log-return units). */
  readonly pinball: number;
  readonly referencePinball: number;
  /** `pinball / referencePinball`: below 1 beats the naive ranges; null when theirs is 0. */
  readonly pinballRatio: number | null;
  /** CRPS approximated from the quantiles: twice the mean pinball loss (comparable on the same levels only). */
  readonly crps: number;
  readonly referenceCrps: number;
  /** The 80% and 90% central ranges. */
  readonly coverage: readonly CoverageScore[];
  /** Diebold-Mariano on pinball loss against naive-empirical, one loss per origin day; negative: better. */
  readonly dieboldMariano: DieboldMarianoScore | null;
}

/** Range scores overall and per horizon day. */
export interface RangeScoreTable {
  readonly overall: RangeScores;
  /** Index k is horizon day k + 1. */
  readonly byHorizonDay: readonly RangeScores[];
}

/** Every range score of one model. */
export interface ModelRangeScores extends RangeScoreTable {
  readonly model: string;
  readonly bySymbol: Readonly<Record<string, RangeScoreTable>>;
}

const LOWER = SCORED_RANGES.map((r) => QUANTILE_LEVELS.indexOf(r.lower));
const UPPER = SCORED_RANGES.map((r) => QUANTILE_LEVELS.indexOf(r.upper));

/**
 * The one scorer of range forecasts, beside the point scorer (`scorePoints`) and pooled the same way: every
 * aggregate is a plain mean over its points (the quantiles are of log returns, already scale-free), and the
 * reference is naive-empirical on the very same points. Pinball loss is averaged over the levels of
 * `QUANTILE_LEVELS`; coverage counts outcomes inside the 80% and 90% central ranges (bounds included), with
 * Kupiec's test and, for one asset's one horizon day, Christoffersen's; Diebold-Mariano compares the pinball
 * loss with naive-empirical's on one series per origin day (the mean over the points of that day), lags up to
 * the group's longest horizon day minus one. The same points in any order give the same numbers.
 *
 * @example
 * const ranges = scoreRanges('persistence+garch', points, 7);
 * ranges.overall.pinballRatio; // below 1 beats the naive ranges
 */
export function scoreRanges(model: string, given: readonly RangePoint[], horizon: number): ModelRangeScores {
  return { model, ...groupedScores(given, horizon, scoreRangeGroup, false) };
}

/**
 * Range scores of one group of points; `lags` is its longest horizon day, `sequence` says the points are one
 * asset's one horizon day in origin order (for Christoffersen's test).
 */
export function scoreRangeGroup(points: readonly RangePoint[], lags: number, sequence: boolean): RangeScores {
  let pinball = 0;
  let reference = 0;
  const hits = SCORED_RANGES.map(() => [] as boolean[]);
  const referenceHits = SCORED_RANGES.map(() => 0);
  const widths = SCORED_RANGES.map(() => 0);
  const referenceWidths = SCORED_RANGES.map(() => 0);
  const byOrigin = new Map<IsoDay, { model: number; reference: number; n: number }>();
  const forecasts = new Set<string>();
  for (const p of points) {
    const loss = averagePinballLoss(p.outcome, p.quantiles, QUANTILE_LEVELS);
    const referenceLoss = averagePinballLoss(p.outcome, p.reference, QUANTILE_LEVELS);
    pinball += loss;
    reference += referenceLoss;
    SCORED_RANGES.forEach((_, r) => {
      hits[r].push(p.quantiles[LOWER[r]] <= p.outcome && p.outcome <= p.quantiles[UPPER[r]]);
      if (p.reference[LOWER[r]] <= p.outcome && p.outcome <= p.reference[UPPER[r]]) referenceHits[r] += 1;
      widths[r] += p.quantiles[UPPER[r]] - p.quantiles[LOWER[r]];
      referenceWidths[r] += p.reference[UPPER[r]] - p.reference[LOWER[r]];
    });
    forecasts.add(`${p.symbol} ${p.origin}`);
    const entry = byOrigin.get(p.origin) ?? { model: 0, reference: 0, n: 0 };
    entry.model += loss;
    entry.reference += referenceLoss;
    entry.n += 1;
    byOrigin.set(p.origin, entry);
  }
  const n = points.length;
  const per = (sum: number) => (n === 0 ? Number.NaN : sum / n);
  const series = [...byOrigin.entries()].sort(([a], [b]) => compare(a, b)).map(([, e]) => e);
  return {
    forecasts: forecasts.size,
    points: n,
    pinball: per(pinball),
    referencePinball: per(reference),
    pinballRatio: reference > 0 ? pinball / reference : null,
    crps: per(2 * pinball),
    referenceCrps: per(2 * reference),
    coverage: SCORED_RANGES.map((range, r) => ({
      nominal: range.nominal,
      rate: per(hits[r].filter(Boolean).length),
      referenceRate: per(referenceHits[r]),
      meanWidth: per(widths[r]),
      referenceMeanWidth: per(referenceWidths[r]),
      kupiec: test(() => kupiecTest(hits[r], range.nominal)),
      christoffersen: sequence
        ? test(() => christoffersenTest(hits[r], range.nominal).conditionalCoverage)
        : null,
    })),
    dieboldMariano: dieboldMarianoOf(
      series.map((e) => e.model / e.n),
      series.map((e) => e.reference / e.n),
      lags,
    ),
  };
}

function test(
  run: () => { statistic: number; pValue: number },
): { statistic: number; pValue: number } | null {
  try {
    const { statistic, pValue } = run();
    return { statistic, pValue };
  } catch (error) {
    if (
      error instanceof MetricsError &&
      (error.code === 'METRICS_TOO_SHORT' || error.code === 'METRICS_EMPTY_INPUT')
    )
      return null;
    throw error;
  }
}
