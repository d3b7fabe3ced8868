import { CfError, type ErrorKind } from '@cf/core';

/** What kind of failure an error is (the one definition, in `@cf/core`). */
export type IngestErrorKind = ErrorKind;

/** Every error code ingest throws, with what it means (the README lists the same catalogue). */
export const INGEST_ERROR_CODES = {
  INGEST_INVALID_REQUEST:
    'a run request is malformed: unknown mode or source, bad symbol or day, range out of order',
  INGEST_PROVIDER_REJECTED: 'the provider refused the request (unknown symbol, bad parameter, banned client)',
  INGEST_PROVIDER_UNAVAILABLE:
    'the provider kept failing (timeouts, resets, 429, 5xx) until the attempts ran out',
  INGEST_BAD_RESPONSE:
    'the provider answered something that is not the expected response (not JSON, not a page of rows, no usable row)',
  INGEST_TOO_LARGE:
    'an answer is larger than the raw object size limit preprocess reads (RAW_MAX_OBJECT_BYTES); nothing stored',
  INGEST_SYMBOL_MISMATCH: "a response's prices do not match the history already stored for that symbol",
  INGEST_CSV_NOT_FOUND: 'no CSV file for a symbol in the CSV directory',
  INGEST_CSV_INVALID: 'a CSV file cannot be read as candles',
  INGEST_ABORTED: 'the run was aborted (signal, shutdown) before it finished',
  INGEST_RUN_FAILED: 'a run finished with at least one failed symbol',
  INGEST_SECRET_UNAVAILABLE:
    'the CryptoCompare API key could not be read from the Secrets Manager secret CRYPTOCOMPARE_API_KEY_SECRET names',
} as const;

/** A stable error code of ingest. */
export type IngestErrorCode = keyof typeof INGEST_ERROR_CODES;

/** Base of every ingest error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class IngestError extends CfError<IngestErrorCode> {}

/** A run request (CLI flags, Lambda event, HTTP body) is not valid. */
export class InvalidIngestRequestError extends IngestError {
  constructor(message: string) {
    super('INGEST_INVALID_REQUEST', 'input', message);
  }
}

/** The provider answered with an error that retrying will not fix. */
export class ProviderRejectedError extends IngestError {
  constructor(message: string) {
    super('INGEST_PROVIDER_REJECTED', 'input', message);
  }
}

/** The provider kept failing; `cause` is the last attempt's failure. */
export class ProviderUnavailableError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INGEST_PROVIDER_UNAVAILABLE', 'unavailable', message, options);
  }
}

/** The provider's answer is not the expected response. */
export class BadResponseError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INGEST_BAD_RESPONSE', 'unavailable', message, options);
  }
}

/** An answer or the raw object it would make is over the size limit shared with preprocess. */
export class RawObjectTooLargeError extends IngestError {
  constructor(message: string) {
    super('INGEST_TOO_LARGE', 'input', message);
  }
}

/** A response's prices contradict what the store already holds for the symbol: likely another asset's data. */
export class SymbolMismatchError extends IngestError {
  constructor(message: string) {
    super('INGEST_SYMBOL_MISMATCH', 'conflict', message);
  }
}

/** No CSV file for a symbol. */
export class CsvNotFoundError extends IngestError {
  constructor(message: string) {
    super('INGEST_CSV_NOT_FOUND', 'not-found', message);
  }
}

/** A CSV file is not a candle file. */
export class CsvInvalidError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INGEST_CSV_INVALID', 'input', message, options);
  }
}

/** The run's abort signal fired. */
export class IngestAbortedError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INGEST_ABORTED', 'unavailable', message, options);
  }
}

/** A run ended with failed symbols; `kind` is `input` when every failure was an input problem. */
export class IngestRunFailedError extends IngestError {
  constructor(message: string, kind: IngestErrorKind) {
    super('INGEST_RUN_FAILED', kind, message);
  }
}

/** A short description of any thrown value, for reports and log lines. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
