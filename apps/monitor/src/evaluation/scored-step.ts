import type { IsoDay } from '@cf/ohlcv';

/** One forecast step whose target day has an actual close: the model's and the baselines' errors. */
export interface ScoredStep {
  readonly symbol: string;
  readonly targetDate: IsoDay;
  readonly horizonDay: number;
  /** The forecast's origin: the last day of data it saw. */
  readonly lastObservedDate: IsoDay;
  readonly modelVersion: string;
  /** The forecast's recipe. */
  readonly model: string;
  /** The forecast's last observed close, the reference of every direction. */
  readonly lastClose: number;
  readonly actual: number;
  readonly predicted: number;
  /** The persistence forecast: `lastClose`. */
  readonly persistence: number;
  /** The drift forecast from the history up to `lastObservedDate`; `null` with under two closes of history. */
  readonly drift: number | null;
  readonly absoluteError: {
    readonly model: number;
    readonly persistence: number;
    readonly drift: number | null;
  };
  /** `sign(forecast - lastClose) === sign(actual - lastClose)` (a zero move is its own direction). */
  readonly directionCorrect: { readonly model: boolean; readonly drift: boolean | null };
  /**
   * For a forecast with ranges: its log-return quantiles at `QUANTILE_LEVELS` (as published), the naive
   * ranges' from the history up to the origin (null without a year of it), and the realized log return.
   */
  readonly range?: {
    readonly quantiles: readonly number[];
    readonly reference: readonly number[] | null;
    readonly outcome: number;
  };
}

/** A forecast step targeting the day that could not be scored, and why. */
export interface UnscoredStep {
  readonly symbol: string;
  readonly lastObservedDate: IsoDay;
  readonly horizonDay: number;
  readonly reason: 'no-dataset' | 'target-day-missing' | 'not-observed-yet';
}
