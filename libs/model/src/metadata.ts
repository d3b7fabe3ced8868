/** Errors of one model (or baseline) on one evaluation set, per horizon day and overall. */
export interface EvaluationScores {
  /** MAE of the forecast price path, in price units, averaged over horizon days. */
  readonly mae: number;
  /** MAE divided by persistence's MAE on the same points (below 1 beats persistence). */
  readonly maeRatioToPersistence: number;
  /** Share of forecasts whose direction (up/down vs last close) was right, 0..1. */
  readonly directionalAccuracy: number;
  readonly maeByHorizonDay: readonly number[];
  readonly directionalAccuracyByHorizonDay: readonly number[];
  /** Diebold-Mariano test of model vs persistence (absolute-error loss, HLN correction). */
  readonly dieboldMariano?: { readonly statistic: number; readonly pValue: number };
  /**
   * Scored price points: forecasts × horizon days (each forecast's path contributes one point per horizon
   * day), not the number of forecasts; per horizon day, points / horizon.
   */
  readonly points: number;
}

/** Model vs persistence on one symbol's (or all symbols') test split. */
export interface TestReport {
  readonly model: EvaluationScores;
  readonly persistence: EvaluationScores;
}

/** `models/{version}/metadata.json`: everything needed to reproduce and judge a model. */
export interface ModelMetadata {
  readonly schemaVersion: 1;
  readonly version: string;
  readonly createdAt: string;
  readonly architecture: string;
  readonly featureSet: string;
  readonly features: readonly string[];
  readonly window: number;
  readonly horizon: number;
  readonly symbols: readonly string[];
  readonly hyperparameters: Readonly<Record<string, number | string | boolean>>;
  readonly seed: number;
  /** tfjs backend the model was trained on: `tensorflow`, `wasm` or `cpu`. */
  readonly backend: string;
  /** Which recurrent implementation trained it (`fast` kernels or `stock` tfjs-layers). */
  readonly trainingPath?: string;
  readonly data: {
    readonly firstDate: string;
    /** Last day of data used for training (the training cut-off). */
    readonly trainedThrough: string;
    readonly lastDate: string;
    /** sha256 of each input dataset, by symbol. */
    readonly sha256: Readonly<Record<string, string>>;
  };
  readonly split: {
    readonly train: { readonly from: string; readonly to: string; readonly windows: number };
    readonly validation: { readonly from: string; readonly to: string; readonly windows: number };
    readonly test: { readonly from: string; readonly to: string; readonly windows: number };
    readonly gapDays: number;
  };
  readonly training: {
    readonly epochs: number;
    readonly bestEpoch: number;
    readonly bestValidationLoss: number;
    readonly seconds: number;
  };
  /** Test-split results, overall and per symbol. */
  readonly test: TestReport & { readonly bySymbol: Readonly<Record<string, TestReport>> };
}
