import { CfError, type ErrorKind } from '@cf/core';

/** What kind of failure an error is (the one definition, in `@cf/core`). */
export type PreprocessErrorKind = ErrorKind;

/** Every error code preprocess throws, with what it means (the README lists the same catalogue). */
export const PREPROCESS_ERROR_CODES = {
  PREPROCESS_INVALID_REQUEST:
    'a run request is malformed: unknown option, a raw key outside raw/, a bad flag',
  PREPROCESS_CORRUPT_STATE:
    'an object preprocess itself wrote (manifest, raw index, provenance, quarantine) does not have its shape',
} as const;

/** A stable error code of this app. */
export type PreprocessErrorCode = keyof typeof PREPROCESS_ERROR_CODES;

/** Base of every preprocess error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class PreprocessError extends CfError<PreprocessErrorCode> {}

/** A run request (CLI flags, HTTP body, Lambda event) cannot be honoured; the message names the bad value. */
export class InvalidRunRequestError extends PreprocessError {
  constructor(message: string) {
    super('PREPROCESS_INVALID_REQUEST', 'input', message);
  }
}

/** A processed/ object preprocess owns is not what it wrote; the message names the key. */
export class CorruptStateError extends PreprocessError {
  constructor(key: string, detail: string, options?: { cause?: unknown }) {
    super(
      'PREPROCESS_CORRUPT_STATE',
      'internal',
      `object '${key}' is not valid preprocess state: ${detail}`,
      options,
    );
  }
}
