import { CfError, type ErrorKind } from '@cf/core';

/** Every error code this library throws, with what it means (the README lists the same catalogue). */
export const VOLATILITY_ERROR_CODES = {
  VOLATILITY_INVALID_INPUT:
    'a price is not a finite number > 0, or a day range is inconsistent (low > high, open or close outside it)',
  VOLATILITY_LENGTH_MISMATCH: 'the open, high, low and close series have different lengths',
  VOLATILITY_TOO_SHORT: 'the history is shorter than the model needs',
  VOLATILITY_INVALID_OPTION:
    'an option or argument is out of range (window, horizon, lambda, level, step size)',
  VOLATILITY_INVALID_PARAMETERS:
    'fitted parameters or a stored calibration state are malformed or violate constraints',
  VOLATILITY_DEGENERATE:
    'the data cannot identify the model (e.g. every return equal, a singular regression)',
} as const;

/** A stable error code of this library. */
export type VolatilityErrorCode = keyof typeof VOLATILITY_ERROR_CODES;

/** Every volatility error; `kind` is `'input'`: each is caused by the data, options or state passed in. */
export class VolatilityError extends CfError<VolatilityErrorCode> {
  constructor(
    code: VolatilityErrorCode,
    message: string,
    kind: ErrorKind = 'input',
    options?: { cause?: unknown },
  ) {
    super(code, kind, message, options);
  }
}
