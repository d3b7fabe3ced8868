import { joinKey } from '@cf/storage';

/** File names of a saved tfjs layers model under its prefix. */
export const MODEL_JSON = 'model.json';
/** The single weights shard `saveModel` writes. */
export const WEIGHTS_BIN = 'weights.bin';

/** `prefix` (with or without a trailing slash, or empty) joined with a file name, validated as a store key. */
export function keyUnder(prefix: string, file: string): string {
  const base = prefix.replace(/\/+$/, '');
  return base === '' ? joinKey(file) : joinKey(base, file);
}
