import type { IsoDay } from './candle';

/**
 * The quantile levels every published forecast carries, in increasing order: the 90%, 80% and 50% central
 * ranges and the median.
 */
export const QUANTILE_LEVELS: readonly number[] = Object.freeze([0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]);

/** One quantile of a day's close: the close is at or below `close` with probability `level`. */
export interface ForecastQuantile {
  readonly level: number;
  readonly close: number;
}

/** One day of a forecast path. */
export interface ForecastStep {
  /** 1 for the day after `lastObservedDate`, up to the model's horizon. */
  readonly horizonDay: number;
  readonly targetDate: IsoDay;
  /** Predicted simple return of the close from the previous day. */
  readonly predictedReturn: number;
  /** `lastClose` compounded by the predicted returns up to this day. */
  readonly predictedClose: number;
  /** Quantiles of this day's close at `QUANTILE_LEVELS`, increasing in level and in close. */
  readonly quantiles?: readonly ForecastQuantile[];
}

/**
 * A published forecast for one asset (`predictions/dt={lastObservedDate}/symbol={SYM}.json`): written by
 * infer, scored by monitor.
 */
export interface Forecast {
  readonly symbol: string;
  /** The last day of data the forecast saw; every `targetDate` is after it. */
  readonly lastObservedDate: IsoDay;
  readonly lastClose: number;
  /** ISO timestamp of the run that made it. */
  readonly generatedAt: string;
  readonly modelVersion: string;
  /** The model's recipe (`persistence`, `ridge`, `lstm/scale-free`, ...). */
  readonly model: string;
  /** Last day of the model's training data. */
  readonly modelTrainedThrough: IsoDay;
  readonly horizon: number;
  readonly steps: readonly ForecastStep[];
  /** Features of the latest input day beyond the model's training distribution, if any. */
  readonly outOfDistribution: readonly OutOfDistributionFlag[];
}

/** A feature whose latest value lies more than `limit` training standard deviations from the training mean. */
export interface OutOfDistributionFlag {
  readonly feature: string;
  readonly zScore: number;
  readonly limit: number;
}
