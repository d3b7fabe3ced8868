import { CfError } from '@cf/core';

/** Every error code this library throws, with what it means (the README lists the same catalogue). */
export const FEATURES_ERROR_CODES = {
  FEATURES_INVALID_ARGUMENT:
    'an option is out of range: a period, window, horizon, fraction or gap that is not a valid number',
  FEATURES_INVALID_CANDLES:
    'candles cannot be turned into features: empty, several symbols, dates not strictly increasing, bad prices',
  FEATURES_UNKNOWN_FEATURE_SET: 'a feature set name that this library does not define',
  FEATURES_NON_FINITE: 'a feature or a value to fit or scale is NaN or infinite where a number is required',
  FEATURES_NOT_ENOUGH_DATA: 'too few rows, windows or dates for a scaler fit or a split',
  FEATURES_MISMATCH:
    'frames, window sets or scalers that must agree do not: feature set, names, window, horizon, shape',
  FEATURES_INVALID_SCALERS: 'a scaler.json text is not valid JSON or not a valid ModelScalers document',
} as const;

/** A stable error code of this library. */
export type FeaturesErrorCode = keyof typeof FEATURES_ERROR_CODES;

/**
 * The one error class of this library: a stable `code`, `kind` `'input'` (every failure here is caused by
 * what the caller passed in), the offending value in the message, and a `cause` when wrapping.
 */
export class FeaturesError extends CfError<FeaturesErrorCode> {
  constructor(code: FeaturesErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, 'input', message, options);
  }
}

/** Throws FEATURES_INVALID_ARGUMENT unless `value` is an integer >= `min`. */
export function assertInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `${name} must be an integer >= ${min}, got ${String(value)}`,
    );
  }
}
