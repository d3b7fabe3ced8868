import { InvalidArgumentError } from './errors';
import type { ListOptions } from './object-store';

/** Default page size, the same as S3's. */
export const DEFAULT_LIST_LIMIT = 1000;

/** Largest page any store returns, the same as S3's. */
export const MAX_LIST_LIMIT = 1000;

/** Orders keys by their UTF-8 bytes, as S3 lists them. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Checks list options once for every implementation: `limit` is a positive integer, `cursor` non-empty. */
export function validateListOptions(options: ListOptions): { limit: number; cursor?: string } {
  const limit = options.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidArgumentError(`list limit must be a positive integer, got ${String(options.limit)}`);
  }
  if (options.cursor !== undefined && (typeof options.cursor !== 'string' || options.cursor === '')) {
    throw new InvalidArgumentError(`list cursor must be a non-empty string, got '${String(options.cursor)}'`);
  }
  // Capped like S3's MaxKeys, so code that forgets to follow pages fails locally too, not only on S3.
  const capped = Math.min(limit, MAX_LIST_LIMIT);
  return options.cursor === undefined ? { limit: capped } : { limit: capped, cursor: options.cursor };
}

/** The page of sorted `keys` after `cursor` (the last key of the previous page). */
export function pageOf(
  sortedKeys: readonly string[],
  cursor: string | undefined,
  limit: number,
): { pageKeys: string[]; nextCursor?: string } {
  let start = 0;
  if (cursor !== undefined) {
    let end = sortedKeys.length;
    while (start < end) {
      const mid = (start + end) >>> 1;
      if (compareKeys(sortedKeys[mid], cursor) <= 0) start = mid + 1;
      else end = mid;
    }
  }
  const pageKeys = sortedKeys.slice(start, start + limit);
  const more = start + limit < sortedKeys.length;
  return more ? { pageKeys, nextCursor: pageKeys[pageKeys.length - 1] } : { pageKeys };
}
