import { addDays } from '@cf/ohlcv';
import { DEFAULT_DENSE_UNITS, DEFAULT_UNITS } from '@cf/networks';
import type { ModelMetadata } from '../metadata';
import type { TrainingDataset } from './dataset';
import type { PreparedTrainingData } from './dataset-split';
import type { TestEvaluation } from './evaluate';
import type { FitResult } from '@cf/fast-rnn';
import type { ResolvedTrainRequest } from './train-forecaster-request';

/** What {@link buildTrainingMetadata} describes. */
export interface TrainingRecord {
  readonly version: string;
  readonly createdAt: Date;
  readonly request: ResolvedTrainRequest;
  readonly datasets: readonly TrainingDataset[];
  readonly prepared: PreparedTrainingData;
  readonly backend: string;
  readonly fitResult: FitResult;
  readonly test: TestEvaluation;
}

/**
 * The `metadata.json` of a trained version. `data.trainedThrough` is the last day whose data could influence
 * the weights: the last validation origin plus the horizon (validation targets drive early stopping), so
 * every test day comes after it.
 */
export function buildTrainingMetadata(record: TrainingRecord): ModelMetadata {
  const { request, datasets, prepared, fitResult } = record;
  const { split, counts, scalers } = prepared;
  const recurrent = request.architecture !== 'dense';
  return {
    schemaVersion: 1,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    architecture: request.architecture,
    featureSet: request.featureSet,
    features: [...scalers.features.names],
    window: request.window,
    horizon: request.horizon,
    symbols: datasets.map((d) => d.symbol),
    hyperparameters: {
      window: request.window,
      horizon: request.horizon,
      epochs: request.epochs,
      batchSize: request.batchSize,
      learningRate: request.learningRate,
      patience: request.patience,
      trainFraction: request.trainFraction,
      validationFraction: request.validationFraction,
      units: (request.units ?? DEFAULT_UNITS).join(','),
      ...(recurrent ? { denseUnits: DEFAULT_DENSE_UNITS } : {}),
      fitPath: request.fitPath,
    },
    seed: request.seed,
    backend: record.backend,
    trainingPath: fitResult.path,
    data: {
      firstDate: datasets.map((d) => d.firstDate).sort()[0],
      trainedThrough: addDays(split.validation.to, request.horizon),
      lastDate: datasets
        .map((d) => d.lastDate)
        .sort()
        .reverse()[0],
      sha256: Object.fromEntries(datasets.map((d) => [d.symbol, d.sha256])),
    },
    split: {
      train: { ...split.train, windows: counts.train },
      validation: { ...split.validation, windows: counts.validation },
      test: { ...split.test, windows: counts.test },
      gapDays: split.gapDays,
    },
    training: {
      epochs: fitResult.epochsRun,
      bestEpoch: fitResult.bestEpoch,
      bestValidationLoss: fitResult.bestValidationLoss,
      seconds: fitResult.history.reduce((sum, e) => sum + e.seconds, 0),
    },
    test: record.test,
  };
}
