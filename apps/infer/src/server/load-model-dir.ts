import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ModelKind } from '@cf/forecasting';
import { loadVersionForecaster, type LoadedModelVersion } from '@cf/model';
import { LocalObjectStore } from '@cf/storage';
import { InputNotFoundError } from '../errors';

/**
 * Loads a plain model folder (`metadata.json` and the files it lists: a copy of a `models/{version}/` prefix,
 * as SageMaker unpacks it into `/opt/ml/model`) through the kind registry, whatever its kind.
 */
export async function loadModelDir(dir: string, kinds: readonly ModelKind[]): Promise<LoadedModelVersion> {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute)) throw new InputNotFoundError('model folder', absolute);
  return loadVersionForecaster(new LocalObjectStore(absolute), '', kinds);
}
