/**
 * What kind of failure an error is; `@cf/service` maps it to an HTTP status and an exit code in one place.
 */
export type ErrorKind = 'input' | 'not-found' | 'conflict' | 'unavailable' | 'internal';

/** Every kind, for exhaustive tables and checks. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'input',
  'not-found',
  'conflict',
  'unavailable',
  'internal',
];

/**
 * The one base of every error this platform throws: a stable `code` (SCREAMING_SNAKE, prefixed by its owner:
 * `OHLCV_`, `STORAGE_`, `MODEL_`, ...), a `kind` that decides the HTTP status and exit code, the offending value
 * in the message, and the wrapped error as `cause`. Each library and app narrows `code` in its own subclass.
 *
 * @example
 * class OhlcvError extends CfError<OhlcvErrorCode> {}
 * throw new OhlcvError('OHLCV_CSV_FORMAT', 'input', "line 3: 'abc' is not a number");
 */
export class CfError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Whether `error` is one of the platform's typed errors (any library or app). */
export function isCfError(error: unknown): error is CfError {
  return error instanceof CfError;
}
