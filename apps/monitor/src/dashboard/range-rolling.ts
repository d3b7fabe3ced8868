import type { RangeScores } from '@cf/forecasting';
import type { IsoDay } from '@cf/ohlcv';

/** How often one central range held the outcome over a rolling window, next to the naive ranges'. */
export interface CoveragePoint {
  readonly nominal: number;
  readonly rate: number;
  readonly naiveRate: number;
}

/** One day's rolling 30-day range scores (the forecasts' ranges against the naive ranges on the same steps). */
export interface RollingRangePoint {
  readonly date: IsoDay;
  /** Forecast steps with ranges and naive ranges scored in the window. */
  readonly points: number;
  /** The 80% and 90% ranges. */
  readonly coverage: readonly CoveragePoint[];
  /** Mean pinball loss of the log-return quantiles, and the naive ranges'. */
  readonly pinball: number;
  readonly naivePinball: number;
  /** `1 - pinball / naivePinball`: above 0 beats the naive ranges; null when theirs is 0. */
  readonly skill: number | null;
  /** Diebold-Mariano p-value of the pinball loss against the naive ranges'; null when too short. */
  readonly dieboldMarianoPValue: number | null;
}

/** The drawn values of one day's range scores; `undefined` for a day without any (no forecast with ranges). */
export function rollingRangePoint(
  date: IsoDay,
  ranges: RangeScores | undefined,
): RollingRangePoint | undefined {
  if (ranges === undefined || ranges.points === 0) return undefined;
  return {
    date,
    points: ranges.points,
    coverage: ranges.coverage.map((c) => ({ nominal: c.nominal, rate: c.rate, naiveRate: c.referenceRate })),
    pinball: ranges.pinball,
    naivePinball: ranges.referencePinball,
    skill: ranges.pinballRatio === null ? null : 1 - ranges.pinballRatio,
    dieboldMarianoPValue: ranges.dieboldMariano?.pValue ?? null,
  };
}
