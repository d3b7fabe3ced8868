import { isIsoDay } from '@cf/ohlcv';
import { InvalidModelMetadataError, ModelCorruptError } from '../errors';
import type { ModelMetadata } from './model-metadata';

type Check = (value: unknown) => string | undefined;

const string: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string');
const day: Check = (v) => (typeof v === 'string' && isIsoDay(v) ? undefined : 'must be a YYYY-MM-DD day');
const integer: Check = (v) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'must be an integer >= 0';
const positive: Check = (v) =>
  Number.isSafeInteger(v) && (v as number) > 0 ? undefined : 'must be an integer > 0';
const object: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object';
const array: Check = (v) => (Array.isArray(v) ? undefined : 'must be an array');
const strings: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'must be an array of strings';
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const two: Check = (v) => (v === 2 ? undefined : 'must be 2 (a model version of this build)');
const hashes: Check = (v) =>
  object(v) ??
  (Object.values(v as object).every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))
    ? undefined
    : 'must map names to sha256 hex digests');

// Every field of ModelMetadata that a reader relies on, by path.
const FIELDS: Record<string, Check> = {
  schemaVersion: two,
  version: string,
  createdAt: string,
  model: string,
  horizon: positive,
  inputDays: positive,
  historyDays: positive,
  symbols: strings,
  parameters: object,
  seed: integer,
  backend: string,
  data: object,
  'data.firstDate': day,
  'data.trainedThrough': day,
  'data.sha256': hashes,
  fit: object,
  'fit.refitted': boolean,
  'fit.chosen': object,
  'fit.report': object,
  evaluation: object,
  'evaluation.firstCutoff': day,
  'evaluation.models': array,
  files: hashes,
};

/**
 * Parses a model version's `metadata.json` and checks every field a reader relies on. Not JSON:
 * `ModelCorruptError`; a missing or mistyped field (including a version of another schema):
 * `InvalidModelMetadataError` naming the key and the field.
 *
 * @example
 * const metadata = parseModelMetadata('models/latest/metadata.json', bytes);
 */
export function parseModelMetadata(key: string, bytes: Uint8Array | string): ModelMetadata {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ModelCorruptError(key, `not valid JSON (${(error as Error).message})`, error);
  }
  if (object(doc) !== undefined) throw new InvalidModelMetadataError(key, '(root)', 'must be a JSON object');
  for (const [path, check] of Object.entries(FIELDS)) {
    const value = path
      .split('.')
      .reduce<unknown>((v, part) => (v as Record<string, unknown> | undefined)?.[part], doc);
    const problem = check(value);
    if (problem !== undefined)
      throw new InvalidModelMetadataError(key, path, `${problem}, got ${JSON.stringify(value)}`);
  }
  return doc as ModelMetadata;
}
