import { CfError } from '@cf/core';

/** Error codes of the walk-forward backtest (`src/backtest/`), with what they mean. */
export const BACKTEST_ERROR_CODES = {
  MODEL_BACKTEST_INVALID_REQUEST: 'a backtest parameter is missing, malformed or out of range',
  MODEL_BACKTEST_NO_ORIGINS:
    'no forecast origin after the first cut-off has enough history and known targets',
  MODEL_BACKTEST_LOOKAHEAD:
    'the no-lookahead audit found forecasts that change when data after the cut-off (or origin) changes',
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
