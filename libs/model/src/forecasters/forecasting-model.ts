import type { Candle, IsoDay } from '@cf/ohlcv';
import type { FitPath } from '@cf/fast-rnn';
import type { TrainEpochReport } from '../training/train-forecaster-fit';

/** Daily candles by symbol, each oldest first. */
export type CandlesBySymbol = Readonly<Record<string, readonly Candle[]>>;

/** What `ForecastingModel.fit` gets besides the history. */
export interface ModelFitOptions {
  /** The cut-off: the last day of data the fit may use. Every candle handed to `fit` is dated on or before it. */
  readonly cutoff: IsoDay;
  readonly onEpoch?: (report: TrainEpochReport) => void;
  /** Aborting stops a neural fit after the running batch with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

/** One range of origin days inside a fit and the windows whose origin lies in it. */
export interface FitPartSummary {
  readonly from: IsoDay;
  readonly to: IsoDay;
  readonly windows: number;
}

/** How a neural fit used its history: its own time split, scalers and trainer outcome. */
export interface NeuralFitSummary {
  readonly train: FitPartSummary;
  /** The most recent part before the cut-off, `gapDays` after train: early stopping's data. */
  readonly validation: FitPartSummary;
  readonly gapDays: number;
  /** The scalers' `fittedThrough`: the last training origin (feature rows and targets up to it). */
  readonly scalersFittedThrough: IsoDay;
  readonly epochsRun: number;
  readonly bestEpoch: number;
  readonly bestValidationLoss: number;
  readonly path: FitPath;
}

/** What a fit used, for the report and the leak audit: identical inputs must give an identical summary. */
export interface ModelFitReport {
  /** Symbols the fit learned from, sorted. */
  readonly symbols: readonly string[];
  /** First and last candle day the fit read (`dataThrough` is on or before the cut-off). */
  readonly dataFrom: IsoDay;
  readonly dataThrough: IsoDay;
  readonly neural?: NeuralFitSummary;
}

/** One forecast to make: the candles of `symbol` up to and including the origin day, which is the last one. */
export interface ForecastOrigin {
  readonly symbol: string;
  readonly candles: readonly Candle[];
}

/**
 * A forecaster a backtest can re-fit at every cut-off (Darts' `ForecastingModel`; named so as not to clash with
 * serving's `Forecaster`, a loaded model version). One instance is fitted once, then asked for forecasts.
 * Forecasts are the daily simple returns of the `horizon` days after each origin; the price path is the
 * origin close compounded by them.
 */
export interface ForecastingModel {
  /** Stable name: `persistence`, `drift`, `lstm/scale-free`, ... */
  readonly name: string;
  readonly horizon: number;
  /** Fewest candles the longest symbol history must hold at a cut-off for `fit` to work. */
  readonly minTrainDays: number;
  /** Consecutive daily candles ending on an origin that `predict` needs. */
  readonly inputDays: number;
  /** Learns from per-symbol history up to `options.cutoff`; the arrays are the model's own copies. */
  fit(history: CandlesBySymbol, options: ModelFitOptions): Promise<ModelFitReport>;
  /** Daily simple returns `[horizon]` after each origin, in the order given. */
  predict(origins: readonly ForecastOrigin[]): Promise<number[][]>;
  /** Frees what the model holds (tfjs tensors); the instance is unusable afterwards. */
  dispose(): void;
}

/** The origin day of a forecast input: its last candle's day. */
export function originDay(origin: ForecastOrigin): IsoDay {
  return origin.candles[origin.candles.length - 1].date;
}
