import { isIsoDay } from '@cf/ohlcv';
import { isFeatureSetName } from '@cf/features';
import { InvalidModelMetadataError, ModelCorruptError } from '../errors';
import type { ModelMetadata } from '../metadata';

type Check = (value: unknown) => string | undefined;

const string: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string');
const day: Check = (v) => (typeof v === 'string' && isIsoDay(v) ? undefined : 'must be a YYYY-MM-DD day');
const number: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a finite number';
const integer: Check = (v) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'must be an integer >= 0';
const positive: Check = (v) =>
  Number.isSafeInteger(v) && (v as number) > 0 ? undefined : 'must be an integer > 0';
const object: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object';
const strings: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'must be an array of strings';
const numbers: Check = (v) =>
  Array.isArray(v) && v.every((n) => typeof n === 'number' && Number.isFinite(n))
    ? undefined
    : 'must be an array of finite numbers';
const featureSet: Check = (v) =>
  typeof v === 'string' && isFeatureSetName(v) ? undefined : 'must name a feature set this build knows';
const one: Check = (v) => (v === 1 ? undefined : 'must be 1');
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v);

const SCORES: Record<string, Check> = {
  mae: number,
  maeRatioToPersistence: number,
  directionalAccuracy: number,
  maeByHorizonDay: numbers,
  directionalAccuracyByHorizonDay: numbers,
  points: integer,
};

const SPLIT_PART: Record<string, Check> = { from: day, to: day, windows: integer };

// Every field of ModelMetadata that a reader relies on, by path.
const FIELDS: Record<string, Check> = {
  schemaVersion: one,
  version: string,
  createdAt: string,
  architecture: string,
  featureSet,
  features: strings,
  window: positive,
  horizon: positive,
  symbols: strings,
  hyperparameters: object,
  seed: (v) => (Number.isSafeInteger(v) ? undefined : 'must be an integer'),
  backend: string,
  trainingPath: optional(string),
  data: object,
  'data.firstDate': day,
  'data.trainedThrough': day,
  'data.lastDate': day,
  'data.sha256': object,
  split: object,
  ...prefixed('split.train', SPLIT_PART),
  ...prefixed('split.validation', SPLIT_PART),
  ...prefixed('split.test', SPLIT_PART),
  'split.gapDays': integer,
  training: object,
  'training.epochs': integer,
  'training.bestEpoch': integer,
  'training.bestValidationLoss': number,
  'training.seconds': number,
  test: object,
  ...prefixed('test.model', SCORES),
  ...prefixed('test.persistence', SCORES),
  'test.bySymbol': object,
};

/**
 * Parses `metadata.json` bytes read from `key`, checking every field readers use (identity, window, horizon,
 * features, data range, split, training summary, test scores of the model and of persistence). Throws
 * `ModelCorruptError` for unparseable JSON and `InvalidModelMetadataError` naming the key and the first bad field.
 */
export function parseModelMetadata(key: string, bytes: Buffer | string): ModelMetadata {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString());
  } catch (error) {
    throw new ModelCorruptError(key, `metadata is not valid JSON (${(error as Error).message})`, error);
  }
  if (object(doc) !== undefined) throw new InvalidModelMetadataError(key, '(root)', 'must be an object');
  for (const [path, check] of Object.entries(FIELDS)) {
    const value = path
      .split('.')
      .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], doc);
    const problem = check(value);
    if (problem !== undefined)
      throw new InvalidModelMetadataError(key, path, `${problem}, got ${show(value)}`);
  }
  const metadata = doc as ModelMetadata;
  if (metadata.test.model.maeByHorizonDay.length !== metadata.horizon) {
    throw new InvalidModelMetadataError(
      key,
      'test.model.maeByHorizonDay',
      `must hold one value per horizon day (${metadata.horizon})`,
    );
  }
  return metadata;
}

function prefixed(prefix: string, checks: Record<string, Check>): Record<string, Check> {
  return Object.fromEntries([
    [prefix, object],
    ...Object.entries(checks).map(([k, c]) => [`${prefix}.${k}`, c]),
  ]);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
