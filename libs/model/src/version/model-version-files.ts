import { joinKey } from '@cf/storage';

/** `metadata.json`: the `ModelMetadata` of a version, written last so its presence means "complete". */
export const METADATA_JSON = 'metadata.json';

/** `prefix` (with or without a trailing slash, or empty) joined with a file name, validated as a store key. */
export function keyUnder(prefix: string, file: string): string {
  const base = prefix.replace(/\/+$/, '');
  return base === '' ? joinKey(file) : joinKey(base, file);
}

/** The key of a version's `metadata.json` under `prefix`. */
export function metadataKey(prefix: string): string {
  return keyUnder(prefix, METADATA_JSON);
}
