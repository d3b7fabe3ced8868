import { CfError } from '@cf/core';

/** Error codes of the forecasting core: kinds, recipes and parameters, fits and forecasts. */
export const FORECASTING_ERROR_CODES = {
  MODEL_FORECASTING_UNKNOWN_MODEL:
    'a model name is not POINT[+SCALE] of registered kinds (e.g. persistence, lstm/scale-free, persistence+garch)',
  MODEL_FORECASTING_INVALID_PARAMETERS:
    'training parameters (CLI flags, environment, HTTP body, SageMaker hyperparameters) are unknown, malformed or out of range',
  MODEL_FORECASTING_INSUFFICIENT_HISTORY:
    'the history at a cut-off is too short to fit the model, or an origin has too few consecutive candles to forecast',
  MODEL_FORECASTING_NOT_FITTED:
    'predict was called before fit, after dispose, or for a symbol the fit never saw',
  MODEL_FORECASTING_CORRUPT_STATE:
    "a model version's kind-specific files (state.json, scalers) are missing fields or cannot be parsed",
  MODEL_FORECASTING_FUTURE_DATA:
    'a model was handed candles dated after its cut-off (a harness bug: refused rather than learned from)',
} as const;

/** A stable forecasting error code. */
export type ForecastingErrorCode = keyof typeof FORECASTING_ERROR_CODES;

/** Base of the forecasting model errors: a stable `code`, a `kind`, the model's name in the message. */
export class ForecastingError extends CfError<ForecastingErrorCode> {}

/** A model name that is not POINT[+SCALE] of registered kinds; the message says what is known. */
export class UnknownForecastingModelError extends ForecastingError {
  constructor(
    readonly model: string,
    detail: string,
  ) {
    super('MODEL_FORECASTING_UNKNOWN_MODEL', 'input', `unknown model '${model}': ${detail}`);
  }
}

/** Training parameters that cannot be used; `problems` lists every one, each naming the parameter and value. */
export class InvalidParametersError extends ForecastingError {
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(
      'MODEL_FORECASTING_INVALID_PARAMETERS',
      'input',
      `${problems.length} invalid training parameter${problems.length === 1 ? '' : 's'} (${source}): ${problems.join('; ')}`,
    );
  }
}

/** Too little history to fit at a cut-off, or too few consecutive candles before an origin. */
export class InsufficientHistoryError extends ForecastingError {
  constructor(
    readonly model: string,
    readonly day: string,
    detail: string,
  ) {
    super('MODEL_FORECASTING_INSUFFICIENT_HISTORY', 'input', `model ${model} at ${day}: ${detail}`);
  }
}

/** `predict` without a usable fit. */
export class ModelNotFittedError extends ForecastingError {
  constructor(
    readonly model: string,
    detail: string,
  ) {
    super('MODEL_FORECASTING_NOT_FITTED', 'internal', `model ${model}: ${detail}`);
  }
}

/** A saved forecaster's files cannot be turned back into a forecaster; names the model and the file. */
export class CorruptModelStateError extends ForecastingError {
  constructor(
    readonly model: string,
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('MODEL_FORECASTING_CORRUPT_STATE', 'input', `model ${model}: ${file} ${detail}`, options);
  }
}

/** A fit was handed a candle after its cut-off. */
export class FutureDataError extends ForecastingError {
  constructor(
    readonly model: string,
    readonly cutoff: string,
    readonly day: string,
    readonly symbol: string,
  ) {
    super(
      'MODEL_FORECASTING_FUTURE_DATA',
      'internal',
      `model ${model} was handed a ${symbol} candle of ${day}, after its cut-off ${cutoff}`,
    );
  }
}

/** Error codes of the walk-forward backtest (`src/backtest/`), with what they mean. */
export const BACKTEST_ERROR_CODES = {
  MODEL_BACKTEST_INVALID_REQUEST: 'a backtest parameter is missing, malformed or out of range',
  MODEL_BACKTEST_NO_ORIGINS:
    'no forecast origin after the first cut-off has enough history and known targets',
  MODEL_BACKTEST_LOOKAHEAD:
    'the no-lookahead audit found forecasts that change when data after the cut-off (or origin) changes',
  MODEL_BACKTEST_ABORTED: 'a walk-forward run was stopped through its AbortSignal',
  MODEL_BACKTEST_INVALID_FORECAST:
    'a model returned the wrong number of forecasts, a path of the wrong length, or a non-finite return',
} as const;

/** A stable backtest error code. */
export type BacktestErrorCode = keyof typeof BACKTEST_ERROR_CODES;

/** Base of the backtest errors: a stable `code`, a `kind`, the offending value in the message. */
export class BacktestError extends CfError<BacktestErrorCode> {}

/** A backtest parameter is invalid; `field` names it. */
export class InvalidBacktestRequestError extends BacktestError {
  constructor(
    readonly field: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('MODEL_BACKTEST_INVALID_REQUEST', 'input', `backtest parameter '${field}' ${reason}`, options);
  }
}

/** Nothing to forecast and score between the first cut-off and `to`. */
export class NoBacktestOriginsError extends BacktestError {
  constructor(
    readonly from: string,
    readonly to: string,
    detail: string,
  ) {
    super('MODEL_BACKTEST_NO_ORIGINS', 'input', `no forecast origin in (${from}, ${to}]: ${detail}`);
  }
}

/** Where the audit saw the future leak in: the fit at the cut-off, or a forecast from an origin. */
export type LookaheadStage = 'fit' | 'predict';

/** A model's forecasts depend on data it must not have seen; names the model, the cut-off and where. */
export class LookaheadError extends BacktestError {
  constructor(
    readonly model: string,
    readonly cutoff: string,
    readonly stage: LookaheadStage,
    readonly detail: string,
  ) {
    super(
      'MODEL_BACKTEST_LOOKAHEAD',
      'internal',
      `model ${model} looks ahead at cut-off ${cutoff} (${stage}): ${detail}`,
    );
  }
}

/** A model's answer is not one finite return path of `horizon` days per origin. */
export class InvalidForecastError extends BacktestError {
  constructor(
    readonly model: string,
    readonly cutoff: string,
    detail: string,
  ) {
    super('MODEL_BACKTEST_INVALID_FORECAST', 'internal', `model ${model} at cut-off ${cutoff}: ${detail}`);
  }
}

/** A walk-forward run stopped because its `AbortSignal` fired (before the next fit). */
export class BacktestAbortedError extends BacktestError {
  constructor(
    readonly cutoff: string,
    cause?: unknown,
  ) {
    super('MODEL_BACKTEST_ABORTED', 'unavailable', `walk-forward aborted at cut-off ${cutoff}`, { cause });
  }
}
