import { CfError, type ErrorKind } from '@cf/core';

/** Every error code this library throws, with what it means (the README lists the same catalogue). */
export const METRICS_ERROR_CODES = {
  METRICS_LENGTH_MISMATCH: 'two series that are compared point by point have different lengths',
  METRICS_EMPTY_INPUT: 'a metric of no points was asked for',
  METRICS_NON_FINITE: 'an input value is NaN or infinite',
  METRICS_INVALID_ARGUMENT:
    'a horizon, day count, day or denominator is unusable (e.g. zero persistence MAE)',
  METRICS_TOO_SHORT: 'a series is too short for the statistic (drift needs 2 points, DM needs n > horizon)',
  METRICS_NO_CONVERGENCE:
    'a special-function evaluation (incomplete beta or gamma, quantile inversion) did not converge: an internal fault',
} as const;

/** A stable error code of this library. */
export type MetricsErrorCode = keyof typeof METRICS_ERROR_CODES;

/** Every metrics error; `kind` is `'input'` (bad input to a metric) except for an internal numeric fault. */
export class MetricsError extends CfError<MetricsErrorCode> {
  constructor(
    code: MetricsErrorCode,
    message: string,
    kind: ErrorKind = 'input',
    options?: { cause?: unknown },
  ) {
    super(code, kind, message, options);
  }
}
