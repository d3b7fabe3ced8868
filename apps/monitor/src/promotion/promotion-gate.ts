import type { PointScores, RangeScores } from '@cf/forecasting';
import { pct } from '../dashboard/format-cells';

/** The promotion rule's settings (`MONITOR_PROMOTE_MAX_RATIO`, `MONITOR_PROMOTE_ALPHA`). */
export interface PromotionSettings {
  /** The candidate's ratio to persistence on held-out origins must be at most this. */
  readonly maxRatioToPersistence: number;
  /** A Diebold-Mariano p-value below this, with the candidate worse, is "significantly worse than persistence". */
  readonly significance: number;
}

/** One model's held-out scores as the gate reads them. */
export interface GateScores {
  readonly version: string;
  /** The recipe name. */
  readonly model: string;
  /** The recipe's parameters, to tell a refresh (same recipe, newer data) from a new recipe. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The version's cut-off: a refresh must have learned from newer data than the live version. */
  readonly trainedThrough: string;
  /** Pooled point scores next to persistence, from the one scorer. */
  readonly point: PointScores;
  /** Pooled range scores next to the naive ranges, when it forecasts ranges (the one range scorer). */
  readonly ranges?: RangeScores;
}

/** The outcome of the gate, with the checks and the reasons in words. */
export interface GateDecision {
  readonly promote: boolean;
  readonly checks: {
    readonly withinLimit: boolean;
    readonly notSignificantlyWorse: boolean;
    /** Its ranges are not significantly worse than the naive ranges (pinball, Diebold-Mariano); null: no ranges. */
    readonly rangesNotWorseThanNaive: boolean | null;
    /** Null when there is no live model to compare with. */
    readonly betterThanLive: boolean | null;
    /** The candidate is the live recipe (same model and parameters) refitted on data past the live cut-off. */
    readonly refresh: boolean;
  };
  readonly reasons: readonly string[];
}

/**
 * The promotion rule, every time (the first promotion included). A candidate goes live only if, on origins it
 * never trained on:
 * 1. it is not worse than persistence: its ratio to persistence is at most `maxRatioToPersistence`, and it is
 *    not significantly worse by Diebold-Mariano (statistic above 0 with a p-value below `significance`);
 * 2. its ranges, if it forecasts ranges, are not significantly worse than the naive ranges (Diebold-Mariano on
 *    pinball loss, statistic above 0 with a p-value below `significance`); and a live model's ranges are never
 *    dropped for a point-only candidate;
 * 3. and it is better than the live model on the same origins, unless it is the live recipe refitted on data
 *    past the live cut-off (a refresh: the same recipe walked forward over the same origins scores the same, so
 *    rules 1 and 2 suffice; an older fit of the live recipe is never a refresh). Better is Pareto: a lower point
 *    ratio with ranges no worse (pinball), or ranges better with a point ratio no worse.
 * Pure: the same scores give the same decision and words.
 *
 * @example
 * const decision = decidePromotion(candidate, live, { maxRatioToPersistence: 1, significance: 0.05 });
 */
export function decidePromotion(
  candidate: GateScores,
  live: GateScores | undefined,
  settings: PromotionSettings,
): GateDecision {
  const reasons: string[] = [];
  const ratio = candidate.point.ratio;
  const dm = candidate.point.dieboldMariano;
  const withinLimit = ratio !== null && ratio <= settings.maxRatioToPersistence;
  const significantlyWorse = dm !== null && dm.statistic > 0 && dm.pValue < settings.significance;
  reasons.push(
    ratio === null
      ? `${candidate.model} has no ratio to persistence (persistence's error is 0)`
      : `${candidate.model} ratio to persistence ${fmt(ratio)} ${withinLimit ? '<=' : '>'} limit ${fmt(settings.maxRatioToPersistence)} on ${candidate.point.forecasts} held-out forecasts`,
    dm === null
      ? 'Diebold-Mariano against persistence: not computable (too few forecasts)'
      : `Diebold-Mariano against persistence: statistic ${dm.statistic.toFixed(2)}, p-value ${dm.pValue.toFixed(3)}: ${
          significantlyWorse
            ? `significantly worse (p < ${settings.significance})`
            : 'not significantly worse'
        }`,
  );
  const rangeDm = candidate.ranges?.dieboldMariano ?? null;
  const rangesNotWorseThanNaive =
    candidate.ranges === undefined
      ? null
      : !(rangeDm !== null && rangeDm.statistic > 0 && rangeDm.pValue < settings.significance);
  if (candidate.ranges !== undefined) {
    const r = candidate.ranges;
    reasons.push(
      `ranges: pinball ${r.pinballRatio === null ? 'n/a' : fmt(r.pinballRatio)} times the naive ranges', 80%/90% coverage ${pct(r.coverage[0].rate)}/${pct(r.coverage[1].rate)}` +
        (rangeDm === null
          ? '; Diebold-Mariano on pinball: not computable'
          : `; Diebold-Mariano on pinball: statistic ${rangeDm.statistic.toFixed(2)}, p-value ${rangeDm.pValue.toFixed(3)}: ${rangesNotWorseThanNaive ? 'not significantly worse' : `significantly worse (p < ${settings.significance})`}`),
    );
  }
  const refresh =
    live !== undefined &&
    live.model === candidate.model &&
    candidate.trainedThrough > live.trainedThrough &&
    JSON.stringify(sorted(live.parameters)) === JSON.stringify(sorted(candidate.parameters));
  let betterThanLive: boolean | null = null;
  const dropsRanges = live?.ranges !== undefined && candidate.ranges === undefined;
  if (live !== undefined) {
    const liveRatio = live.point.ratio;
    const pointBetter = ratio !== null && (liveRatio === null || ratio < liveRatio);
    const pointNotWorse = ratio !== null && (liveRatio === null || ratio <= liveRatio);
    const mine = candidate.ranges?.pinball;
    const theirs = live.ranges?.pinball;
    const rangesBetter = mine !== undefined && (theirs === undefined || mine < theirs);
    const rangesNotWorse = theirs === undefined || (mine !== undefined && mine <= theirs);
    betterThanLive = (pointBetter && rangesNotWorse) || (pointNotWorse && rangesBetter);
    const rangeWords =
      mine === undefined && theirs === undefined
        ? ''
        : `, pinball ${mine === undefined ? 'none' : mine.toFixed(5)} vs ${theirs === undefined ? 'none' : theirs.toFixed(5)}`;
    reasons.push(
      refresh
        ? `the live model ${live.version} is the same recipe (${live.model}, same parameters) fitted through ${live.trainedThrough}: this is a refresh on data through ${candidate.trainedThrough}`
        : `against the live model ${live.version} (${live.model}, ratio ${liveRatio === null ? 'n/a' : fmt(liveRatio)}${rangeWords}) on the same origins: ${betterThanLive ? 'better' : 'not better'}`,
    );
    if (dropsRanges) reasons.push(`the live model publishes ranges and ${candidate.model} does not: refused`);
  }
  const promote =
    withinLimit &&
    !significantlyWorse &&
    rangesNotWorseThanNaive !== false &&
    !dropsRanges &&
    (live === undefined || refresh || betterThanLive === true);
  return {
    promote,
    checks: {
      withinLimit,
      notSignificantlyWorse: !significantlyWorse,
      rangesNotWorseThanNaive,
      betterThanLive,
      refresh,
    },
    reasons,
  };
}

function sorted(params: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1));
}

function fmt(value: number): string {
  return value.toFixed(4);
}
