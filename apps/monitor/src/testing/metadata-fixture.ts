// Test fixture: a complete, valid ModelMetadata document with the fields a test cares about overridden.
import type { ModelScores, PointScores } from '@cf/forecasting';
import type { ModelMetadata } from '@cf/model';

function pointScores(ratio: number): PointScores {
  return {
    forecasts: 100,
    points: 300,
    mae: null,
    persistenceMae: null,
    relativeMae: 0.03 * ratio,
    persistenceRelativeMae: 0.03,
    ratio,
    directionalAccuracy: 0.49,
    dieboldMariano: { statistic: 0.4, pValue: 0.69 },
  };
}

function modelScores(model: string, ratio: number): ModelScores {
  return {
    model,
    overall: pointScores(ratio),
    byHorizonDay: [pointScores(ratio), pointScores(ratio), pointScores(ratio)],
    bySymbol: {},
  };
}

/**
 * Metadata of a 3-day-horizon `lstm/scale-free` version whose data runs over `train` (the cut-off is `train.to`
 * unless `trainedThrough` says otherwise), held-out ratio to persistence `ratio` (default 1.02).
 */
export function metadataFixture(options: {
  version: string;
  symbols: readonly string[];
  train: { from: string; to: string };
  createdAt?: string;
  trainedThrough?: string;
  model?: string;
  ratio?: number;
}): ModelMetadata {
  const model = options.model ?? 'lstm/scale-free';
  const trainedThrough = options.trainedThrough ?? options.train.to;
  return {
    schemaVersion: 2,
    version: options.version,
    createdAt: options.createdAt ?? '2024-01-01T00:00:00.000Z',
    model,
    horizon: 3,
    inputDays: 9,
    historyDays: 39,
    symbols: [...options.symbols],
    parameters: { window: 8, units: [6, 4], epochs: 2 },
    seed: 1,
    backend: 'wasm',
    data: { firstDate: options.train.from, trainedThrough, sha256: {} },
    fit: {
      refitted: true,
      chosen: { epochs: 2 },
      chosenBy: 'the last evaluation fit',
      report: {
        symbols: [...options.symbols].sort(),
        dataFrom: options.train.from,
        dataThrough: trainedThrough,
        chosen: { epochs: 2 },
        details: {},
      },
      seconds: 1,
    },
    evaluation: {
      firstCutoff: trainedThrough,
      from: trainedThrough,
      to: trainedThrough,
      refitEvery: 28,
      cutoffs: [trainedThrough],
      forecasts: 100,
      models: [
        { role: 'candidate', model, scores: modelScores(model, options.ratio ?? 1.02) },
        { role: 'persistence', model: 'persistence', scores: modelScores('persistence', 1) },
        { role: 'drift', model: 'drift', scores: modelScores('drift', 1.01) },
      ],
    },
    files: {},
  };
}
