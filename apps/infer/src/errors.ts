import { CfError, type ErrorKind } from '@cf/core';

/** What kind of failure an error is (the one definition, in `@cf/core`). */
export type InferErrorKind = ErrorKind;

/** Every error code infer throws or records, with what it means (the README lists the same catalogue). */
export const INFER_ERROR_CODES = {
  INFER_INVALID_REQUEST:
    'a run request is malformed: CLI arguments, Lambda event fields, symbols, model version',
  INFER_INVALID_PAYLOAD:
    'an /invocations body is not the documented shape: not JSON, no candles, wrong types',
  INFER_UNSUPPORTED_CONTENT_TYPE:
    'an /invocations body has a content type other than application/json or text/csv',
  INFER_PAYLOAD_TOO_LARGE: 'an /invocations body is larger than INVOCATIONS_MAX_BYTES (answered 413)',
  INFER_TOO_MANY_SYMBOLS:
    'an /invocations request names more assets than INVOCATIONS_MAX_SYMBOLS, or one asset has more rows than INVOCATIONS_MAX_ROWS (answered 413)',
  INFER_FUTURE_CANDLES:
    "an /invocations request holds a candle dated on or after the endpoint's current UTC day (not a complete day)",
  INFER_INVALID_CANDLES:
    'candles given to forecast are unusable: columns, non-numeric values, order, duplicate days',
  INFER_INPUT_NOT_FOUND: 'a file or folder named on the command line does not exist',
  INFER_NO_DATASET: 'a symbol has no processed dataset in the store (recorded in missing_symbols.json)',
  INFER_INVALID_DATASET:
    'a processed dataset cannot be read as a candle series (recorded in missing_symbols.json)',
  INFER_ENDPOINT_REJECTED:
    "the SageMaker endpoint refused a symbol's candles with a 4xx (recorded in missing_symbols.json)",
  INFER_MODEL_TOO_OLD: "the model's training cut-off is older than MAX_MODEL_AGE_DAYS: nothing is published",
  INFER_MODEL_LOADING: 'the endpoint has no model yet (still loading, or loading failed)',
  INFER_NO_FORECASTS: 'no requested symbol could be forecast: nothing is published',
  INFER_INVALID_FORECAST:
    'a forecast about to be published is not valid (non-finite numbers): a bug, nothing is written for it',
  INFER_ENDPOINT_FAILED:
    'the SageMaker endpoint failed (network, 5xx, throttling) or answered something unexpected',
  INFER_BUSY:
    'every /invocations worker thread is busy and INVOCATIONS_MAX_QUEUE requests already wait (answered 503, Retry-After)',
  INFER_WORKER_FAILED:
    'an /invocations worker thread stopped while answering a request (a bug; it is replaced)',
} as const;

/** A stable error code of infer. */
export type InferErrorCode = keyof typeof INFER_ERROR_CODES;

/** Base of every infer error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class InferError extends CfError<InferErrorCode> {}

/** A request larger than the configured limits of assets or rows; the message names the limit and its variable. */
export class TooManySymbolsError extends InferError {
  constructor(message: string) {
    super('INFER_TOO_MANY_SYMBOLS', 'input', message);
  }
}

/** Candles dated today or later: a forecast needs complete days; the message names the asset and the day. */
export class FutureCandlesError extends InferError {
  constructor(message: string) {
    super('INFER_FUTURE_CANDLES', 'input', message);
  }
}

/** CLI arguments, a Lambda event or a job request are not valid. */
export class InvalidInferRequestError extends InferError {
  constructor(message: string) {
    super('INFER_INVALID_REQUEST', 'input', message);
  }
}

/** An /invocations body is not the documented shape. */
export class InvalidPayloadError extends InferError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INFER_INVALID_PAYLOAD', 'input', message, options);
  }
}

/** An /invocations body has a content type the endpoint does not read. */
export class UnsupportedContentTypeError extends InferError {
  constructor(contentType: string | undefined) {
    const given = contentType === undefined ? 'no Content-Type header' : `content type '${contentType}'`;
    super(
      'INFER_UNSUPPORTED_CONTENT_TYPE',
      'input',
      `${given} is not supported: send application/json ({"candles": {"BTC": [...]}}) or text/csv (date,symbol,open,high,low,close,volume)`,
    );
  }
}

/** Candles to forecast from are malformed; the message names the symbol, row and field. */
export class InvalidCandlesError extends InferError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INFER_INVALID_CANDLES', 'input', message, options);
  }
}

/** A path given on the command line does not exist. */
export class InputNotFoundError extends InferError {
  constructor(what: string, path: string) {
    super('INFER_INPUT_NOT_FOUND', 'not-found', `${what} '${path}' does not exist`);
  }
}

/** The model's training cut-off is too old to publish its forecasts. */
export class ModelTooOldError extends InferError {
  constructor(
    readonly modelVersion: string,
    readonly trainedThrough: string,
    readonly today: string,
    readonly maxAgeDays: number,
  ) {
    super(
      'INFER_MODEL_TOO_OLD',
      'conflict',
      `model '${modelVersion}' was trained through ${trainedThrough}, which is more than MAX_MODEL_AGE_DAYS=${maxAgeDays} ` +
        `days before today (${today}); refusing to publish its forecasts: retrain and promote a newer model, or raise MAX_MODEL_AGE_DAYS`,
    );
  }
}

/** The endpoint was asked to forecast before its model was loaded. */
export class ModelLoadingError extends InferError {
  constructor(detail: string) {
    super('INFER_MODEL_LOADING', 'unavailable', `no model is loaded yet: ${detail}`);
  }
}

/** No symbol could be forecast. */
export class NoForecastsError extends InferError {
  constructor(message: string, kind: InferErrorKind) {
    super('INFER_NO_FORECASTS', kind, message);
  }
}

/** The SageMaker endpoint failed or answered something that is not a forecast. */
export class EndpointFailedError extends InferError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INFER_ENDPOINT_FAILED', 'unavailable', message, options);
  }
}

/** A forecast about to be published fails its own shape check. */
export class InvalidForecastError extends InferError {
  constructor(message: string) {
    super('INFER_INVALID_FORECAST', 'internal', message);
  }
}

/** Every worker thread is busy and the queue of waiting requests is full: answered 503, to be retried. */
export class InvocationsBusyError extends InferError {
  constructor(workers: number, queued: number) {
    super(
      'INFER_BUSY',
      'unavailable',
      `all ${workers} worker threads are busy and ${queued} requests already wait (INVOCATIONS_MAX_QUEUE=${queued}): retry shortly`,
    );
  }
}

/** A worker thread of `/invocations` stopped (crashed or exited) while it answered a request. */
export class WorkerFailedError extends InferError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('INFER_WORKER_FAILED', 'internal', `an /invocations worker thread failed: ${detail}`, options);
  }
}
