/** What a store knows about one object without reading it. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

/** One page of a listing; pass `nextCursor` back to get the next page. */
export interface ObjectPage {
  readonly objects: readonly ObjectInfo[];
  readonly nextCursor?: string;
}

/** Options of `ObjectStore.put`. */
export interface PutOptions {
  /** Stored as the S3 `Content-Type` (default `application/octet-stream`); the local store ignores it. */
  readonly contentType?: string;
}

/** Options of `ObjectStore.list`. */
export interface ListOptions {
  /** Opaque cursor from a previous page. */
  readonly cursor?: string;
  /** Page size; implementations may return fewer. Default 1000, and no page holds more than 1000. */
  readonly limit?: number;
}

/**
 * The store every service reads and writes: a flat namespace of keys (see `keys.ts` for the layout).
 * Keys are validated by every implementation; listings are sorted by key.
 */
export interface ObjectStore {
  /** Human-readable location, e.g. `file:///data` or `s3://bucket/prefix`, for logs. */
  readonly url: string;
  /** The object's bytes, or `undefined` when there is no such key. */
  get(key: string): Promise<Buffer | undefined>;
  /** Writes the whole object; readers see either the old or the new bytes, never a mix. */
  put(key: string, body: Buffer | string, options?: PutOptions): Promise<void>;
  /** Size and modification time, or `undefined` when there is no such key. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** One page of the objects whose key starts with `prefix`, sorted by key. */
  list(prefix: string, options?: ListOptions): Promise<ObjectPage>;
  /** Copies `from` to `to`, replacing `to`; fails with `ObjectNotFoundError` when `from` is missing. */
  copy(from: string, to: string): Promise<void>;
  /** Removes the key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}
