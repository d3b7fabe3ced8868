import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { loadForecaster, type Forecaster } from '@cf/model';
import { LocalObjectStore } from '@cf/storage';
import { InputNotFoundError } from '../errors';

/**
 * Loads a plain model folder (`model.json`, `weights.bin`, `scaler.json`, `metadata.json`: a copy of a
 * `models/{version}/` prefix, as SageMaker unpacks it into `/opt/ml/model`) as a forecaster.
 */
export async function loadModelDir(tf: typeof tfTypes, dir: string): Promise<Forecaster> {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute)) throw new InputNotFoundError('model folder', absolute);
  return loadForecaster(tf, new LocalObjectStore(absolute), '');
}
