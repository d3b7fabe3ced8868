/**
 * The largest raw object (the stored envelope, in bytes) by default: 50 MiB. Ingest refuses to store a larger
 * one and preprocess refuses to read one, so what ingest stores preprocess always reads.
 */
export const DEFAULT_MAX_RAW_OBJECT_BYTES = 50 * 1024 * 1024;

/** The one environment variable both ingest and preprocess read the limit from, so they cannot disagree. */
export const MAX_RAW_OBJECT_BYTES_VARIABLE = 'RAW_MAX_OBJECT_BYTES';

/** The limits a configured size limit must lie within (1 KiB to 2 GiB - 1). */
export const MAX_RAW_OBJECT_BYTES_BOUNDS = Object.freeze({ min: 1024, max: 2 ** 31 - 1 });

/**
 * Why a raw object of `size` bytes may not be stored or read under `limit`, or `undefined` when it may.
 *
 * @example
 * rawObjectSizeProblem(60_000_000, DEFAULT_MAX_RAW_OBJECT_BYTES);
 * // 'raw object is 60000000 bytes, over the 52428800-byte limit (RAW_MAX_OBJECT_BYTES)'
 */
export function rawObjectSizeProblem(size: number, limit: number): string | undefined {
  if (size <= limit) return undefined;
  return `raw object is ${size} bytes, over the ${limit}-byte limit (${MAX_RAW_OBJECT_BYTES_VARIABLE})`;
}
