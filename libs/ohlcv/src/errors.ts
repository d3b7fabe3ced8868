import { CfError } from '@cf/core';

/** What kind of failure an error is: declared once in `@cf/core`, re-exported for this library's users. */
export type { ErrorKind } from '@cf/core';

/** Every error code this library throws, with what it means (the README lists the same catalogue). */
export const OHLCV_ERROR_CODES = {
  OHLCV_CSV_FORMAT:
    'a CSV text cannot be read as candles: no header, missing columns, no symbol, broken quoting',
  OHLCV_INVALID_SERIES:
    'candles break a series invariant: one symbol, one row per day in order, valid prices',
  OHLCV_INVALID_ARGUMENT: 'an argument such as `today` is malformed',
  OHLCV_UNKNOWN_SAMPLE: 'the testing entry was asked for a sample symbol it does not bundle',
} as const;

/** A stable error code of this library. */
export type OhlcvErrorCode = keyof typeof OHLCV_ERROR_CODES;

/** Base of every ohlcv error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class OhlcvError extends CfError<OhlcvErrorCode> {}

/** A CSV text is not a candle file this library understands; the message names the line or columns. */
export class CsvFormatError extends OhlcvError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OHLCV_CSV_FORMAT', 'input', message, options);
  }
}

/** Candles do not form a valid series; the message names the first offending row. */
export class InvalidSeriesError extends OhlcvError {
  constructor(
    message: string,
    /** Zero-based index of the first offending row in the input. */
    readonly index: number,
  ) {
    super('OHLCV_INVALID_SERIES', 'input', message);
  }
}
