import { CfError } from '@cf/core';

/** Error codes of the forecasting models (`src/forecasters/`), with what they mean. */
export const FORECASTING_ERROR_CODES = {
  MODEL_FORECASTING_UNKNOWN_MODEL:
    'a forecasting model name is not persistence, drift or ARCHITECTURE/FEATURE-SET (e.g. lstm/scale-free)',
  MODEL_FORECASTING_INSUFFICIENT_HISTORY:
    'the history at a cut-off is too short to fit the model, or an origin has too few consecutive candles to forecast',
  MODEL_FORECASTING_NOT_FITTED:
    'predict was called before fit, after dispose, or for a symbol the fit never saw',
  MODEL_FORECASTING_FUTURE_DATA:
    'a model was handed candles dated after its cut-off (a harness bug: refused rather than learned from)',
} as const;

/** A stable forecasting error code. */
export type ForecastingErrorCode = keyof typeof FORECASTING_ERROR_CODES;

/** Base of the forecasting model errors: a stable `code`, a `kind`, the model's name in the message. */
export class ForecastingError extends CfError<ForecastingErrorCode> {}

/** A model name that no forecasting model answers to. */
export class UnknownForecastingModelError extends ForecastingError {
  constructor(readonly model: string) {
    super(
      'MODEL_FORECASTING_UNKNOWN_MODEL',
      'input',
      `unknown forecasting model '${model}': expected persistence, drift or ARCHITECTURE/FEATURE-SET ` +
        `with ARCHITECTURE lstm, gru or dense and FEATURE-SET scale-free or price-levels (e.g. lstm/scale-free)`,
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
