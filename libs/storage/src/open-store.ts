import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidStoreUrlError } from './errors';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Directory that relative paths are resolved against; defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** Passed to `new S3Client(...)` for `s3://` URLs (region, endpoint, `forcePathStyle`, credentials). */
  readonly s3?: S3ClientConfig;
}

const ACCEPTED = "expected a path ('./data', '/abs/dir'), 'file:///abs/dir' or 's3://bucket[/prefix]'";

/**
 * Opens the store a `STORE_URL` names: a relative or absolute path or `file:///abs/path` gives a
 * `LocalObjectStore`, `s3://bucket/optional/prefix` an `S3ObjectStore` (the SDK reads `AWS_REGION`,
 * credentials and `AWS_ENDPOINT_URL_S3` from the environment itself). Anything else throws
 * `InvalidStoreUrlError`.
 *
 * @example
 * const store = openStore(config.storeUrl, { s3: { forcePathStyle: true } });
 */
export function openStore(url: string, options: OpenStoreOptions = {}): ObjectStore {
  if (typeof url !== 'string' || url.trim() === '')
    throw new InvalidStoreUrlError(String(url), `it is empty; ${ACCEPTED}`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === 's3') return openS3(url, options);
  if (scheme === 'file') return new LocalObjectStore(filePath(url));
  if (scheme !== undefined && url.slice(scheme.length + 1).startsWith('//')) {
    throw new InvalidStoreUrlError(url, `scheme '${scheme}:' is not supported; ${ACCEPTED}`);
  }
  return new LocalObjectStore(path.resolve(options.cwd ?? process.cwd(), url));
}

function openS3(url: string, options: OpenStoreOptions): S3ObjectStore {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(url);
  if (match === null)
    throw new InvalidStoreUrlError(url, `it has no bucket or has a query or fragment; ${ACCEPTED}`);
  const [, bucket, prefix = ''] = match;
  return new S3ObjectStore({
    client: new S3Client(options.s3 ?? {}),
    bucket,
    prefix: decodePath(url, prefix),
  });
}

function filePath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new InvalidStoreUrlError(url, `${(error as Error).message}; ${ACCEPTED}`);
  }
}

function decodePath(url: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidStoreUrlError(url, `prefix '${value}' is not valid percent-encoding`);
  }
}
