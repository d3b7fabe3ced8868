import { isIsoDay } from '@cf/ohlcv';
import { FeaturesError } from './errors';
import { FEATURE_SETS, isFeatureSetName } from './feature-sets';
import type { ModelScalers } from './model-scalers';
import type { ScalerParams } from './scaler';
import { targetNames } from './targets';

/**
 * `scaler.json` text: pretty JSON with a fixed key order and a trailing newline, so the same scalers always
 * give the same bytes. Numbers are written in their shortest round-trip form, so parsing gives them back
 * exactly. Throws FEATURES_INVALID_SCALERS for scalers that {@link parseScalers} would refuse.
 */
export function serializeScalers(scalers: ModelScalers): string {
  const doc = {
    schemaVersion: scalers.schemaVersion,
    featureSet: scalers.featureSet,
    window: scalers.window,
    horizon: scalers.horizon,
    fittedThrough: scalers.fittedThrough,
    features: orderedParams(scalers.features),
    target: orderedParams(scalers.target),
  };
  checkScalers(doc);
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Reads `scaler.json`, checking every field: a known feature set whose feature names are exactly this
 * library's, positive integer window and horizon, one target column per horizon day, finite means and
 * positive finite standard deviations. Throws FEATURES_INVALID_SCALERS naming the first bad field.
 *
 * @example
 * const scalers = parseScalers(await readText(modelKey(version, 'scaler.json')));
 */
export function parseScalers(text: string): ModelScalers {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new FeaturesError(
      'FEATURES_INVALID_SCALERS',
      `scaler.json is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  checkScalers(doc);
  return {
    schemaVersion: 1,
    featureSet: doc.featureSet,
    window: doc.window,
    horizon: doc.horizon,
    fittedThrough: doc.fittedThrough,
    features: orderedParams(doc.features),
    target: orderedParams(doc.target),
  };
}

function checkScalers(doc: unknown): asserts doc is ModelScalers {
  const root = record(doc, '(root)');
  if (root.schemaVersion !== 1) fail('schemaVersion', root.schemaVersion, 'must be 1');
  const featureSet = root.featureSet;
  if (typeof featureSet !== 'string' || !isFeatureSetName(featureSet)) {
    fail('featureSet', featureSet, `must be one of ${Object.keys(FEATURE_SETS).join(', ')}`);
  }
  for (const key of ['window', 'horizon'] as const) {
    const value = root[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      fail(key, value, 'must be an integer >= 1');
  }
  if (typeof root.fittedThrough !== 'string' || !isIsoDay(root.fittedThrough)) {
    fail('fittedThrough', root.fittedThrough, 'must be a YYYY-MM-DD day');
  }
  checkParams(root.features, 'features', FEATURE_SETS[featureSet]);
  checkParams(root.target, 'target', targetNames(root.horizon as number));
}

function checkParams(value: unknown, path: string, expectedNames: readonly string[]): void {
  const params = record(value, path);
  const names = params.names;
  const sameNames =
    Array.isArray(names) &&
    names.length === expectedNames.length &&
    names.every((n, i) => n === expectedNames[i]);
  if (!sameNames) fail(`${path}.names`, names, `must be [${expectedNames.join(', ')}]`);
  for (const key of ['mean', 'std'] as const) {
    const column = params[key];
    if (!Array.isArray(column) || column.length !== expectedNames.length) {
      fail(`${path}.${key}`, column, `must be an array of ${expectedNames.length} numbers`);
    }
    column.forEach((v: unknown, i: number) => {
      const ok = typeof v === 'number' && Number.isFinite(v) && (key === 'mean' || v > 0);
      if (!ok)
        fail(
          `${path}.${key}[${i}]`,
          v,
          key === 'mean' ? 'must be a finite number' : 'must be a finite number > 0',
        );
    });
  }
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(path, value, 'must be an object');
  return value as Record<string, unknown>;
}

function fail(path: string, value: unknown, rule: string): never {
  const shown = JSON.stringify(value) ?? String(value);
  const clipped = shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  throw new FeaturesError('FEATURES_INVALID_SCALERS', `scaler.json field '${path}' ${rule}, got ${clipped}`);
}

function orderedParams(params: ScalerParams): ScalerParams {
  return { names: [...params.names], mean: [...params.mean], std: [...params.std] };
}
