// Test fixture: a complete, valid ModelMetadata document with the fields a test cares about overridden.
import { FEATURE_SETS } from '@cf/features';
import type { EvaluationScores, ModelMetadata } from '@cf/model';

const SCORES: EvaluationScores = {
  mae: 100,
  maeRatioToPersistence: 1.02,
  directionalAccuracy: 0.49,
  maeByHorizonDay: [90, 100, 110],
  directionalAccuracyByHorizonDay: [0.5, 0.49, 0.48],
  points: 300,
};

/** Metadata of a 3-day-horizon scale-free model trained on `train` origins, tested on `test`. */
export function metadataFixture(options: {
  version: string;
  symbols: readonly string[];
  train: { from: string; to: string };
  test?: { from: string; to: string };
  createdAt?: string;
  trainedThrough?: string;
}): ModelMetadata {
  const test = options.test ?? { from: options.train.to, to: options.train.to };
  return {
    schemaVersion: 1,
    version: options.version,
    createdAt: options.createdAt ?? '2024-01-01T00:00:00.000Z',
    architecture: 'lstm',
    featureSet: 'scale-free',
    features: [...FEATURE_SETS['scale-free']],
    window: 8,
    horizon: 3,
    symbols: [...options.symbols],
    hyperparameters: { epochs: 2 },
    seed: 1,
    backend: 'wasm',
    data: {
      firstDate: options.train.from,
      trainedThrough: options.trainedThrough ?? options.train.to,
      lastDate: test.to,
      sha256: {},
    },
    split: {
      train: { ...options.train, windows: 100 },
      validation: { from: options.train.to, to: options.train.to, windows: 10 },
      test: { ...test, windows: 10 },
      gapDays: 3,
    },
    training: { epochs: 2, bestEpoch: 2, bestValidationLoss: 1, seconds: 1 },
    test: { model: SCORES, persistence: { ...SCORES, maeRatioToPersistence: 1 }, bySymbol: {} },
  };
}
