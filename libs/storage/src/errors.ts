import { CfError } from '@cf/core';

/** What kind of failure an error is: declared once in `@cf/core`. */
export type { ErrorKind } from '@cf/core';

/** Base of every storage error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class StorageError extends CfError<string> {}

/** A key or a key part (symbol, day, version) is malformed or tries to escape the store. */
export class InvalidKeyError extends StorageError {
  constructor(message: string) {
    super('STORAGE_INVALID_KEY', 'input', message);
  }
}

/** `STORE_URL` (or `--store`) names no store this build understands. */
export class InvalidStoreUrlError extends StorageError {
  constructor(url: string, reason: string) {
    super('STORAGE_INVALID_URL', 'input', `store URL '${url}' is not usable: ${reason}`);
  }
}

/** An object that must exist does not. */
export class ObjectNotFoundError extends StorageError {
  constructor(readonly key: string) {
    super('STORAGE_NOT_FOUND', 'not-found', `no object at key '${key}'`);
  }
}

/** The backing store failed (disk, network, S3 error); the cause says how. */
export class StoreUnavailableError extends StorageError {
  constructor(operation: string, key: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('STORAGE_UNAVAILABLE', 'unavailable', `store ${operation} of '${key}' failed: ${detail}`, {
      cause,
    });
  }
}

/** The key is held by something that is not an object (a local directory), so it cannot be written. */
export class KeyConflictError extends StorageError {
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super('STORAGE_KEY_CONFLICT', 'conflict', `key '${key}' conflicts with an existing prefix or object`, {
      cause,
    });
  }
}

/** A store argument other than a key (a page size, a cursor) is malformed. */
export class InvalidArgumentError extends StorageError {
  constructor(message: string) {
    super('STORAGE_INVALID_ARGUMENT', 'input', message);
  }
}

/** An object that must hold JSON does not parse; the store's content is corrupt or was written by someone else. */
export class InvalidJsonError extends StorageError {
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('STORAGE_INVALID_JSON', 'internal', `object at key '${key}' is not valid JSON: ${detail}`, {
      cause,
    });
  }
}
