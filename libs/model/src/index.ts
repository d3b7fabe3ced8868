export * from './errors';
export type { EvaluationScores, ModelMetadata, TestReport } from './metadata';
export {
  currentBackend,
  initTfBackend,
  type BackendLogger,
  type InitTfBackendOptions,
  type TfBackendInfo,
  type TfBackendName,
} from '@cf/fast-rnn';
export * from '@cf/networks';
export { MODEL_JSON, WEIGHTS_BIN } from './io/model-files';
export { objectStoreIOHandler } from './io/object-store-io-handler';
export { saveModel } from './io/save-model';
export { loadModel } from './io/load-model';
export { METADATA_JSON, SCALER_JSON } from './serving/model-version-files';
export { modelVersionKeys } from './serving/model-version-keys';
export type { ModelVersionKeys } from './serving/check-model-version';
export { parseModelMetadata } from './serving/parse-model-metadata';
export { readModelMetadata } from './serving/read-model-metadata';
export { writeModelVersion, type ModelVersionParts } from './serving/write-model-version';
export { copyModelVersion } from './serving/copy-model-version';
export { createForecaster, type Forecaster } from './serving/forecaster';
export { loadForecaster } from './serving/load-forecaster';
export { featureWarmUpDays, requiredCandles } from './serving/required-candles';
export {
  DEFAULT_OOD_LIMIT,
  forecastFromCandles,
  type ForecastOptions,
} from './serving/forecast-from-candles';
export * from './training/train-forecaster-errors';
export {
  listTrainingSymbols,
  loadTrainingDatasets,
  trainingDatasetKey,
  type DataSource,
  type TrainingDataset,
} from './training/dataset';
export {
  buildDatasetWindows,
  type DatasetWindowOptions,
  type SymbolWindows,
} from './training/dataset-windows';
export {
  planDatasetSplit,
  prepareTrainingData,
  type DatasetSplitOptions,
  type PreparedTrainingData,
  type SplitCounts,
} from './training/dataset-split';
export { evaluateForecasts, type SymbolForecasts, type TestEvaluation } from './training/evaluate';
export { evaluateForecaster, forecastWindowSets } from './training/evaluate-forecaster';
export {
  FIT_PATH_CHOICES,
  resolveTrainRequest,
  TRAIN_REQUEST_DEFAULTS,
  type ResolvedTrainRequest,
  type TrainRequest,
} from './training/train-forecaster-request';
export {
  fitForecaster,
  forecastModelSpec,
  type FitForecasterOptions,
  type FittedForecaster,
  type TrainEpochReport,
} from './training/train-forecaster-fit';
export { buildTrainingMetadata, type TrainingRecord } from './training/train-forecaster-metadata';
export { modelVersionId } from './training/train-forecaster-version';
export {
  trainForecaster,
  type TrainDeps,
  type TrainIo,
  type TrainLogger,
  type TrainResult,
} from './training/train-forecaster';
export * from './forecasters/forecasting-errors';
export {
  originDay,
  type CandlesBySymbol,
  type FitPartSummary,
  type ForecastingModel,
  type ForecastOrigin,
  type ModelFitOptions,
  type ModelFitReport,
  type NeuralFitSummary,
} from './forecasters/forecasting-model';
export { createPersistenceModel } from './forecasters/persistence-model';
export { createDriftModel } from './forecasters/drift-model';
export { createNeuralModel, PREDICT_BURN_IN_DAYS } from './forecasters/neural-model';
export { planCutoffSplit, type CutoffSplitOptions } from './forecasters/cutoff-split';
export {
  BASELINE_MODEL_NAMES,
  createForecastingModel,
  DEFAULT_NEURAL_MODEL_NAME,
  parseForecastingModelName,
  type ForecastingModelKind,
} from './forecasters/model-names';
export * from './backtest/backtest-errors';
export {
  AUDIT_MODES,
  BACKTEST_REQUEST_DEFAULTS,
  resolveBacktestRequest,
  WINDOW_MODES,
  type AuditMode,
  type BacktestRequest,
  type BacktestTraining,
  type ResolveBacktestOptions,
  type ResolvedBacktestRequest,
  type ResolvedBacktestTraining,
  type WindowMode,
} from './backtest/backtest-request';
export {
  countThrough,
  freezeData,
  historyAt,
  originInputs,
  type BacktestData,
  type OriginRef,
} from './backtest/backtest-data';
export { planCutoffs, type CutoffPlan } from './backtest/cutoffs';
export { eligibleOrigins, type EligibleOrigins } from './backtest/eligible-origins';
export { perturbAfter } from './backtest/perturb-future';
export {
  auditNoLookahead,
  type AuditOptions,
  type AuditReference,
  type AuditReport,
} from './backtest/audit-no-lookahead';
export type { BacktestForecast } from './backtest/backtest-forecast';
export {
  scoreBacktest,
  type AverageBacktestScores,
  type BacktestScores,
  type DieboldMarianoScore,
  type ModelBacktestScores,
  type SymbolBacktestScores,
} from './backtest/score-backtest';
export {
  rankModels,
  serializeBacktestReport,
  type BacktestCutoffRecord,
  type BacktestDatasetInfo,
  type BacktestRankingEntry,
  type BacktestReport,
} from './backtest/backtest-report';
export { backtestId } from './backtest/backtest-id';
export { BACKTEST_FORECAST_COLUMNS, formatForecastsCsv } from './backtest/forecasts-csv';
export { formatBacktestMarkdown } from './backtest/backtest-markdown';
export type { BacktestPosition, BacktestProgress } from './backtest/backtest-progress';
export { buildBacktestReport, type BacktestPeriod, type BacktestRun } from './backtest/build-backtest-report';
export { writeBacktest, type BacktestKeys } from './backtest/write-backtest';
export {
  runBacktest,
  type BacktestDeps,
  type BacktestResult,
  type ForecastingModelFactory,
} from './backtest/run-backtest';
export {
  PUBLISHED_VERSION_JSON,
  publishedVersionKey,
  readPublishedVersion,
  writePublishedVersion,
  type PublishedVersion,
} from './serving/published-version';
