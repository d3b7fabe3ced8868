/**
 * What kind of failure an error is; services map it to an HTTP status and an exit code in one place
 * (`@cf/service` error mapping). Every library's errors carry one.
 */
export type ErrorKind = 'input' | 'not-found' | 'conflict' | 'unavailable' | 'internal';

/** Base of every storage error: a stable `code`, a `kind`, the offending value in the message, a `cause`. */
export class StorageError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

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
    super('STORAGE_UNAVAILABLE', 'unavailable', `store ${operation} of '${key}' failed: ${detail}`, { cause });
  }
}
