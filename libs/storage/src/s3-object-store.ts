import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  InvalidStoreUrlError,
  ObjectNotFoundError,
  PreconditionFailedError,
  StoreUnavailableError,
} from './errors';
import { assertValidKey, assertValidPrefix } from './keys';
import { validateListOptions } from './listing';
import type {
  CopyOptions,
  ListOptions,
  ObjectHead,
  ObjectInfo,
  ObjectPage,
  ObjectStore,
  PutOptions,
  StoredObject,
  WriteResult,
} from './object-store';
import { conditionHeader, writeCondition, type WriteCondition } from './write-conditions';

/** Options of `S3ObjectStore`: an SDK client, the bucket, and an optional key prefix inside it. */
export interface S3ObjectStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Every key is stored under `prefix/`; leading and trailing slashes are ignored. */
  readonly prefix?: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The store on Amazon S3 (or any S3-compatible server) through `@aws-sdk/client-s3`. Keys are validated
 * like every store's; SDK failures other than "no such key" become `StoreUnavailableError` with the cause.
 * ETags are S3's own, quoted as S3 sends them. Conditional writes are S3's: `IfNoneMatch: '*'` and `IfMatch`
 * on PutObject and CopyObject; 412 `PreconditionFailed`, 409 `ConditionalRequestConflict` and, for `ifMatch`,
 * 404 `NoSuchKey` become `PreconditionFailedError`.
 *
 * @example
 * const store = new S3ObjectStore({ client: new S3Client({}), bucket: 'forecasts', prefix: 'prod' });
 * await store.get('processed/daily/_manifest.json');
 */
export class S3ObjectStore implements ObjectStore {
  readonly url: string;
  readonly bucket: string;
  /** The normalized prefix, without slashes at either end; '' when the store is the whole bucket. */
  readonly prefix: string;
  private readonly client: S3Client;

  constructor(options: S3ObjectStoreOptions) {
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    const url = `s3://${options.bucket}${prefix === '' ? '' : `/${prefix}`}`;
    if (!BUCKET.test(options.bucket)) {
      throw new InvalidStoreUrlError(url, `bucket name '${options.bucket}' is not a valid S3 bucket name`);
    }
    if (prefix !== '') {
      try {
        assertValidKey(prefix);
      } catch (error) {
        throw new InvalidStoreUrlError(url, `prefix '${prefix}' is not valid: ${(error as Error).message}`);
      }
    }
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = prefix;
    this.url = url;
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.getObject(key))?.body;
  }

  async getObject(key: string): Promise<StoredObject | undefined> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      const body =
        response.Body === undefined
          ? Buffer.alloc(0)
          : Buffer.from(await response.Body.transformToByteArray());
      return {
        key,
        body,
        size: body.length,
        lastModified: response.LastModified ?? new Date(0),
        etag: response.ETag ?? '',
      };
    } catch (error) {
      if (isNoSuchKey(error)) return undefined;
      throw new StoreUnavailableError('get', key, error);
    }
  }

  async put(key: string, body: Buffer | string, options: PutOptions = {}): Promise<WriteResult> {
    const Key = this.fullKey(key);
    const condition = writeCondition(key, options);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    try {
      const response = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: options.contentType ?? 'application/octet-stream',
          ...conditionFields(condition),
        }),
      );
      return { etag: response.ETag ?? '' };
    } catch (error) {
      const refused = condition === undefined ? undefined : preconditionFailure(error, key, condition);
      if (refused !== undefined) throw refused;
      throw new StoreUnavailableError('put', key, error);
    }
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    const Key = this.fullKey(key);
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return {
        key,
        size: response.ContentLength ?? 0,
        lastModified: response.LastModified ?? new Date(0),
        etag: response.ETag ?? '',
      };
    } catch (error) {
      if (isNoSuchKey(error)) return undefined;
      throw new StoreUnavailableError('head', key, error);
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ObjectPage> {
    const { limit, cursor } = validateListOptions(options);
    assertValidPrefix(prefix);
    const root = this.prefix === '' ? '' : `${this.prefix}/`;
    try {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: root + prefix,
          MaxKeys: limit,
          ContinuationToken: cursor,
        }),
      );
      const objects: ObjectInfo[] = (response.Contents ?? []).map((object) => ({
        key: (object.Key ?? '').slice(root.length),
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
      }));
      const nextCursor = response.IsTruncated ? response.NextContinuationToken : undefined;
      return nextCursor === undefined ? { objects } : { objects, nextCursor };
    } catch (error) {
      throw new StoreUnavailableError('list', prefix, error);
    }
  }

  async copy(from: string, to: string, options: CopyOptions = {}): Promise<WriteResult> {
    const source = this.fullKey(from);
    const Key = this.fullKey(to);
    const condition = writeCondition(to, options);
    try {
      const response = await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key,
          // CopySource is `bucket/key`, URL-encoded; each segment is encoded so `/` stays a separator.
          CopySource: `${this.bucket}/${source.split('/').map(encodeURIComponent).join('/')}`,
          ...conditionFields(condition),
        }),
      );
      return { etag: response.CopyObjectResult?.ETag ?? '' };
    } catch (error) {
      // With `ifMatch`, 404 may be the destination missing rather than the source: ask which.
      if (isNoSuchKey(error) && (condition?.type !== 'match' || (await this.head(from)) === undefined)) {
        throw new ObjectNotFoundError(from);
      }
      const refused = condition === undefined ? undefined : preconditionFailure(error, to, condition);
      if (refused !== undefined) throw refused;
      throw new StoreUnavailableError('copy', `${from}' to '${to}`, error);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.fullKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      if (isNoSuchKey(error)) return;
      throw new StoreUnavailableError('delete', key, error);
    }
  }

  private fullKey(key: string): string {
    assertValidKey(key);
    return this.prefix === '' ? key : `${this.prefix}/${key}`;
  }
}

/** The SDK fields of a write's precondition. */
function conditionFields(condition: WriteCondition | undefined): { IfNoneMatch?: string; IfMatch?: string } {
  if (condition === undefined) return {};
  return condition.type === 'create-only' ? { IfNoneMatch: '*' } : { IfMatch: condition.etag };
}

/**
 * A conditional write's refusal as `PreconditionFailedError`, or `undefined` for any other failure:
 * 412 `PreconditionFailed` (the object exists, or its ETag differs), 409 `ConditionalRequestConflict`
 * (a concurrent operation won; S3 asks to retry) and, for `ifMatch`, 404 `NoSuchKey` (nothing to match).
 */
export function preconditionFailure(
  error: unknown,
  key: string,
  condition: WriteCondition,
): PreconditionFailedError | undefined {
  const header = conditionHeader(condition);
  const { name, status } = errorShape(error);
  if (name === 'PreconditionFailed' || status === 412) {
    return new PreconditionFailedError(key, condition.type === 'create-only' ? 'exists' : 'changed', header, {
      cause: error,
    });
  }
  if (name === 'ConditionalRequestConflict' || status === 409) {
    return new PreconditionFailedError(key, 'conflicted', header, { cause: error });
  }
  if (condition.type === 'match' && isNoSuchKey(error)) {
    return new PreconditionFailedError(key, 'missing', header, { cause: error });
  }
  return undefined;
}

function errorShape(error: unknown): { name?: unknown; status?: number } {
  if (typeof error !== 'object' || error === null) return {};
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return { name, status: $metadata?.httpStatusCode };
}

/** "No such key" in its SDK shapes; a missing bucket (also 404) is an outage, not a missing object. */
function isNoSuchKey(error: unknown): boolean {
  const { name, status } = errorShape(error);
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}
