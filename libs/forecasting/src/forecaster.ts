import type { Candle, IsoDay } from '@cf/ohlcv';

/** Daily candles by symbol, each oldest first. */
export type CandlesBySymbol = Readonly<Record<string, readonly Candle[]>>;

/** One forecast to make: the candles of `symbol` up to and including the origin day, which is the last one. */
export interface ForecastOrigin {
  readonly symbol: string;
  readonly candles: readonly Candle[];
  /**
   * Calibrated levels to read each day's quantiles at, `[day][k]`, one per level of
   * `capabilities.quantileLevels` and increasing (adaptive conformal calibration moves them so that the ranges
   * cover what they claim). The quantiles are still reported as those of the nominal levels. Absent: the nominal
   * levels.
   */
  readonly levels?: readonly (readonly number[])[];
}

/** One finished epoch of a network fit (other kinds report none). */
export interface EpochProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  /** Null when the fit has no validation part (a production refit). */
  readonly validationLoss: number | null;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/** Settings a fit's own time-split validation chose, reused as they are by a production refit. */
export type ChosenSettings = Readonly<Record<string, number>>;

/** What `Forecaster.fit` gets besides the history. */
export interface FitContext {
  /** The last day of data the fit may use. Every candle handed to `fit` is dated on or before it. */
  readonly cutoff: IsoDay;
  /**
   * Settings chosen earlier by validation (`FitReport.chosen` of a fit of the same recipe): fit on the whole
   * history with them and validate nothing. This is how the published version is refitted through its cut-off.
   */
  readonly chosen?: ChosenSettings;
  /**
   * A fitted forecaster of the same recipe at an earlier cut-off to continue from (warm start). Kinds without
   * the `warmStart` capability ignore it.
   */
  readonly warmStart?: Forecaster;
  readonly onEpoch?: (progress: EpochProgress) => void;
  /** Aborting stops a long fit (a network after its running batch). */
  readonly signal?: AbortSignal;
}

/** What a fit used and chose. Identical inputs give an identical report (the no-lookahead audit compares them). */
export interface FitReport {
  /** Symbols the fit learned from, sorted. */
  readonly symbols: readonly string[];
  /** First candle day the fit read. */
  readonly dataFrom: IsoDay;
  /** The last day whose data influenced the fit (on or before the cut-off). */
  readonly dataThrough: IsoDay;
  /** Settings its validation chose (`{ epochs: 12 }`, `{ penalty: 100 }`); empty when nothing was chosen. */
  readonly chosen: ChosenSettings;
  /** Kind-specific facts (split, epochs run, losses), plain JSON. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** One origin's forecast. */
export interface OriginForecast {
  /** Daily simple returns of days 1..horizon; the point path is the origin close compounded by them. */
  readonly returns: readonly number[];
  /**
   * Quantiles of the cumulative log return from the origin close to each day, `[level][day]`, at the levels of
   * `capabilities.quantileLevels` (increasing in the level for every day). Absent for point-only forecasters.
   */
  readonly logReturnQuantiles?: readonly (readonly number[])[];
}

/** A feature of an origin's input that lies outside what the fit saw (infer flags, still forecasts). */
export interface InputWarning {
  readonly feature: string;
  readonly zScore: number;
  readonly limit: number;
}

/** What a forecaster can do. */
export interface Capabilities {
  /** Quantile levels its forecasts carry, increasing; empty for point-only forecasters. */
  readonly quantileLevels: readonly number[];
  /** Whether `FitContext.warmStart` is used (networks continue from earlier weights). */
  readonly warmStart: boolean;
  /** Whether it needs a tfjs backend (networks). */
  readonly tensorflow: boolean;
}

/** Files of a fitted forecaster, by name, as a model version stores them. */
export type ModelFiles = ReadonlyMap<string, Uint8Array>;

/**
 * The one forecaster interface of the platform (in the spirit of Darts): fitted on the history up to a cut-off,
 * asked for forecasts from origins, saved as the files of a model version and loaded back by its kind
 * (see `ModelKind`). Train, infer, monitor and the backtest all go through it. Forecasts are the daily simple
 * returns of the `horizon` days after each origin, and for probabilistic forecasters quantiles of the
 * cumulative log return.
 *
 * @example
 * const model = createPersistence({ horizon: 7 });
 * await model.fit(history, { cutoff: '2024-01-12' });
 * const [forecast] = await model.predict([{ symbol: 'BTC', candles }]);
 */
export interface Forecaster {
  /** The recipe name: `persistence`, `drift`, `ridge`, `lstm/scale-free`, `persistence+garch`, ... */
  readonly name: string;
  readonly horizon: number;
  /** Consecutive daily candles ending on an origin that `predict` needs (window plus feature warm-up). */
  readonly inputDays: number;
  /**
   * Candles ending on an origin that `predict` reads when they are there: `inputDays` plus the burn-in that
   * recursive features (EMA, RSI) need to forget where the history starts. Earlier candles are ignored, so any
   * two callers sending the last `historyDays` candles get the same forecast bit for bit.
   */
  readonly historyDays: number;
  /** Fewest candles the longest symbol history must hold at a cut-off for `fit` to work. */
  readonly minTrainDays: number;
  readonly capabilities: Capabilities;
  /** Learns from per-symbol history up to `context.cutoff`; the arrays are the forecaster's own copies. */
  fit(history: CandlesBySymbol, context: FitContext): Promise<FitReport>;
  /** One forecast per origin, in the order given. */
  predict(origins: readonly ForecastOrigin[]): Promise<OriginForecast[]>;
  /** Features of an origin's input outside the fit's distribution (beyond `limit` standard deviations). */
  inputWarnings(origin: ForecastOrigin, limit: number): InputWarning[];
  /** The fitted state as model-version files (never `metadata.json`, which the version writer owns). */
  save(): Promise<ModelFiles>;
  /** Frees what it holds (tfjs tensors); the instance is unusable afterwards. */
  dispose(): void;
}

/** The origin day of a forecast input: its last candle's day. */
export function originDay(origin: ForecastOrigin): IsoDay {
  return origin.candles[origin.candles.length - 1].date;
}
