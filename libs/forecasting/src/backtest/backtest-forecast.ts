import type { IsoDay } from '@cf/ohlcv';

/** One forecast of a backtest, with what it is scored against. */
export interface BacktestForecast {
  readonly model: string;
  readonly symbol: string;
  /** The cut-off of the fit that made it (the last day of data the fit could use). */
  readonly cutoff: IsoDay;
  readonly origin: IsoDay;
  /** Close on the origin day: the persistence forecast of every day, and the reference for direction. */
  readonly originClose: number;
  /** Predicted daily simple returns of days 1..horizon. */
  readonly returns: readonly number[];
  /** Predicted closes: the origin close compounded by the returns. */
  readonly predicted: readonly number[];
  /** Actual closes of days origin+1..origin+horizon. */
  readonly actual: readonly number[];
  /** Quantiles of the cumulative log return to each day, `[level][day]`, for probabilistic models. */
  readonly logReturnQuantiles?: readonly (readonly number[])[];
}
