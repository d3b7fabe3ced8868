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

/**
 * Why a conditional write wrote nothing:
 * - `exists`: `ifNoneMatch: '*'`, and an object exists at the key;
 * - `missing`: `ifMatch`, and no object exists at the key;
 * - `changed`: `ifMatch`, and the object has another ETag (someone wrote it since it was read);
 * - `conflicted`: a concurrent operation on the key won (S3's 409 `ConditionalRequestConflict`, e.g. a delete
 *   during the upload); the write may simply be retried.
 */
export type PreconditionFailure = 'exists' | 'missing' | 'changed' | 'conflicted';

const FAILURE_TEXT: Readonly<Record<PreconditionFailure, string>> = {
  exists: 'an object already exists at the key',
  missing: 'no object exists at the key any more',
  changed: 'the object was changed by another writer since that ETag was read',
  conflicted: 'a concurrent operation on the key conflicted with it; retry',
};

/**
 * A conditional write (`ifNoneMatch` / `ifMatch` on `put` or `copy`) whose precondition did not hold:
 * nothing was written. Re-read the object and decide again (`updateObject` does that).
 */
export class PreconditionFailedError extends StorageError {
  constructor(
    readonly key: string,
    readonly reason: PreconditionFailure,
    /** The precondition as S3 spells it: `If-None-Match: *` or `If-Match: "<etag>"`. */
    readonly condition: string,
    options?: { cause?: unknown },
  ) {
    super(
      'STORAGE_PRECONDITION_FAILED',
      'conflict',
      `conditional write to '${key}' refused (${condition}): ${FAILURE_TEXT[reason]}`,
      options,
    );
  }
}

/**
 * A read-modify-write (`updateObject`) lost the race to other writers on every attempt: it wrote nothing.
 * The object holds the other writers' updates, whole; running the update again applies it on top of them.
 */
export class UpdateConflictError extends StorageError {
  constructor(
    readonly key: string,
    readonly attempts: number,
    cause: PreconditionFailedError,
  ) {
    super(
      'STORAGE_UPDATE_CONFLICT',
      'conflict',
      `update of '${key}' gave up after ${attempts} attempts, each refused because another writer changed the ` +
        `object first (last: ${cause.message}); this update wrote nothing, run it again`,
      { cause },
    );
  }
}

/** Another holder kept a lease (`withLease`) for longer than the wait: nothing was run, try again. */
export class LeaseBusyError extends StorageError {
  constructor(
    readonly key: string,
    readonly holder: string,
    waitMs: number,
    heldBy: string | undefined,
  ) {
    super(
      'STORAGE_LEASE_BUSY',
      'conflict',
      `'${holder}' waited ${Math.round(waitMs / 1000)} s for the lease '${key}' (${heldBy ?? 'released meanwhile'}): nothing was run, try again`,
    );
  }
}

/** A lease's holder found it taken over (it stopped renewing for longer than the stale time): do not commit. */
export class LeaseLostError extends StorageError {
  constructor(
    readonly key: string,
    readonly holder: string,
    options?: { cause?: unknown },
  ) {
    super(
      'STORAGE_LEASE_LOST',
      'conflict',
      `'${holder}' lost the lease '${key}' to another holder (it was not renewed in time): stopping before its commit`,
      options,
    );
  }
}
