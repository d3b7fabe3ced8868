import type { ChosenSettings, FitReport, ModelRangeScores, ModelScores } from '@cf/forecasting';
import type { IsoDay } from '@cf/ohlcv';

/** One recipe's scores on the held-out walk-forward evaluation, next to the baselines on the same points. */
export interface EvaluatedModel {
  /** `candidate`, `persistence`, `drift` or `live`. */
  readonly role: string;
  /** The recipe name. */
  readonly model: string;
  /** The version a `live` entry stands for. */
  readonly version?: string;
  readonly scores: ModelScores;
  /** Its ranges against the naive ranges on the same points, when its forecasts carry quantiles. */
  readonly ranges?: ModelRangeScores;
}

/**
 * The walk-forward evaluation that judged a recipe on origins it never trained on: the recipe was refitted at
 * every cut-off from `firstCutoff` on the data up to it, then forecast the origins up to the next cut-off. Every
 * model was run through the same harness on the same origins and scored by the one scorer.
 */
export interface HeldOutEvaluation {
  readonly firstCutoff: IsoDay;
  /** First and last scored origin. */
  readonly from: IsoDay;
  readonly to: IsoDay;
  readonly refitEvery: number;
  readonly cutoffs: readonly IsoDay[];
  /** Forecasts (symbol-origin pairs) each model made. */
  readonly forecasts: number;
  /**
   * The candidate first, then persistence, drift, the naive ranges (`naive-ranges`, when the candidate
   * forecasts ranges) and the live model when there was one.
   */
  readonly models: readonly EvaluatedModel[];
}

/** `models/{version}/metadata.json` (schema 2): everything needed to reproduce and judge a model version. */
export interface ModelMetadata {
  readonly schemaVersion: 2;
  readonly version: string;
  readonly createdAt: string;
  /** The recipe name (`persistence`, `ridge`, `lstm/scale-free`, ...): the registry loads it by this. */
  readonly model: string;
  readonly horizon: number;
  /** Consecutive daily candles ending on an origin that a forecast needs (window plus feature warm-up). */
  readonly inputDays: number;
  /** Candles a forecast reads when they are there (`inputDays` plus burn-in): what callers send. */
  readonly historyDays: number;
  readonly symbols: readonly string[];
  /** The training parameters the recipe's kinds read (names of the one parameter table). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly seed: number;
  /** tfjs backend a network trained on (`tensorflow`, `wasm`, `cpu`); `none` for kinds without one. */
  readonly backend: string;
  readonly data: {
    readonly firstDate: IsoDay;
    /** The cut-off: the last day of data the published fit used. */
    readonly trainedThrough: IsoDay;
    /** sha256 of each dataset as used (the standard CSV of its candles up to the cut-off), by symbol. */
    readonly sha256: Readonly<Record<string, string>>;
  };
  /** The published fit. */
  readonly fit: {
    /**
     * True when the published state was refitted on all data through the cut-off with the settings its
     * validation chose (`chosen`), rather than kept from a fit that held part of the data out.
     */
    readonly refitted: boolean;
    readonly chosen: ChosenSettings;
    /** Where `chosen` came from. */
    readonly chosenBy: string;
    readonly report: FitReport;
    readonly seconds: number;
  };
  readonly evaluation: HeldOutEvaluation;
  /** sha256 (hex) of every other file of the version, by name; readers check them. */
  readonly files: Readonly<Record<string, string>>;
}
