export * from './errors';
export { lazyTensorflow, modelKinds } from './registry';
export {
  listTrainingSymbols,
  loadTrainingDatasets,
  trainingDatasetKey,
  type DataSource,
  type LoadDatasetsOptions,
  type TrainingDataset,
} from './data/datasets';
export type { EvaluatedModel, HeldOutEvaluation, ModelMetadata } from './version/model-metadata';
export { parseModelMetadata } from './version/parse-model-metadata';
export { keyUnder, METADATA_JSON, metadataKey } from './version/model-version-files';
export { fileHashes, writeModelVersion } from './version/write-model-version';
export {
  findModelMetadata,
  findPromotedMetadata,
  readModelMetadata,
  readModelVersion,
  type StoredModelVersion,
} from './version/read-model-version';
export { copyModelVersion } from './version/copy-model-version';
export {
  loadVersionForecaster,
  versionParameters,
  type LoadedModelVersion,
} from './version/load-version-forecaster';
export {
  PUBLISHED_VERSION_JSON,
  publishedVersionKey,
  readPublishedVersion,
  writePublishedVersion,
  type PublishedVersion,
} from './version/published-version';
export {
  chosenOf,
  evaluateHeldOut,
  evaluationWindow,
  NAIVE_RANGES_ROLE,
  heldOutEntries,
  withNaiveRanges,
  type EvaluationEntry,
  type EvaluationWindow,
  type HeldOutResult,
  type HeldOutRun,
} from './evaluation/held-out-evaluation';
export {
  trainModel,
  type LiveModelRef,
  type TrainDeps,
  type TrainIo,
  type TrainLogger,
  type TrainModelRequest,
  type TrainResult,
} from './training/train-model';
export { modelVersionId } from './training/model-version-id';
export {
  DEFAULT_OOD_LIMIT,
  forecastRecords,
  type ForecastOutcome,
  type ForecastRecordOptions,
} from './forecast/forecast-records';
export { runBacktest, type BacktestDeps, type BacktestResult } from './backtest/run-backtest';
export { backtestId } from './backtest/backtest-id';
export { writeBacktest, type BacktestKeys } from './backtest/write-backtest';
export { calibrationKey, readCalibration, writeCalibration } from './calibration/calibration-store';
