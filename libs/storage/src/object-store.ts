/** What a listing knows about one object. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

/**
 * What a store knows about one object without reading it for the caller: a listing's fields and the
 * object's ETag, the version tag conditional writes compare (`ifMatch`). An ETag is opaque: compare it
 * only with ETags of the same store and key, and pass it back as it was given.
 */
export interface ObjectHead extends ObjectInfo {
  readonly etag: string;
}

/** An object read whole with the ETag of exactly these bytes (`getObject`), ready for a conditional write. */
export interface StoredObject extends ObjectHead {
  readonly body: Buffer;
}

/** What a write left at the key: its new ETag. */
export interface WriteResult {
  readonly etag: string;
}

/**
 * Preconditions of a write, with S3's semantics (at most one per write):
 * - `ifNoneMatch: '*'` (create-only): write only if no object exists at the key;
 * - `ifMatch: etag` (compare-and-swap): write only if an object exists and its ETag is `etag`.
 *
 * The check and the write are one atomic step. When the precondition does not hold, nothing is written
 * and the write fails with `PreconditionFailedError` (code `STORAGE_PRECONDITION_FAILED`, kind `conflict`).
 */
export interface WriteConditions {
  /** Only `'*'`, as on S3. */
  readonly ifNoneMatch?: '*';
  /** An ETag from `head`, `getObject`, `put` or `copy` of this key. */
  readonly ifMatch?: string;
}

/** Options of `ObjectStore.put`. */
export interface PutOptions extends WriteConditions {
  /** Stored as the S3 `Content-Type` (default `application/octet-stream`); the local store ignores it. */
  readonly contentType?: string;
}

/** Options of `ObjectStore.copy`; the conditions apply to the destination key. */
export type CopyOptions = WriteConditions;

/** Options of `ObjectStore.list`. */
export interface ListOptions {
  /** Opaque cursor from a previous page. */
  readonly cursor?: string;
  /** Page size; implementations may return fewer. Default 1000, and no page holds more than 1000. */
  readonly limit?: number;
}

/** One page of a listing; pass `nextCursor` back to get the next page. */
export interface ObjectPage {
  readonly objects: readonly ObjectInfo[];
  readonly nextCursor?: string;
}

/**
 * The store every service reads and writes: a flat namespace of keys (see `keys.ts` for the layout).
 * Keys are validated by every implementation; listings are sorted by key. Writes to one key are atomic
 * and ordered: readers see whole old or whole new bytes, and conditional writes (`ifNoneMatch`, `ifMatch`)
 * check and write in one step, so read-modify-write with `getObject` + `put({ ifMatch })` loses no update
 * (see `updateObject`).
 */
export interface ObjectStore {
  /** Human-readable location, e.g. `file:///data` or `s3://bucket/prefix`, for logs. */
  readonly url: string;
  /** The object's bytes, or `undefined` when there is no such key. */
  get(key: string): Promise<Buffer | undefined>;
  /** The object's bytes with their ETag, size and modification time, read in one step; `undefined` when missing. */
  getObject(key: string): Promise<StoredObject | undefined>;
  /**
   * Writes the whole object and answers its new ETag; readers see either the old or the new bytes, never a
   * mix. With `ifNoneMatch`/`ifMatch`, writes only if the precondition holds (`PreconditionFailedError`).
   */
  put(key: string, body: Buffer | string, options?: PutOptions): Promise<WriteResult>;
  /** Size, modification time and ETag, or `undefined` when there is no such key. */
  head(key: string): Promise<ObjectHead | undefined>;
  /** One page of the objects whose key starts with `prefix`, sorted by key. */
  list(prefix: string, options?: ListOptions): Promise<ObjectPage>;
  /**
   * Copies `from` to `to`, replacing `to`, and answers the new ETag of `to`; fails with `ObjectNotFoundError`
   * when `from` is missing. `ifNoneMatch`/`ifMatch` are preconditions on `to`, as for `put`.
   */
  copy(from: string, to: string, options?: CopyOptions): Promise<WriteResult>;
  /** Removes the key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}
