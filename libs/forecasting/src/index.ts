export * from './errors';
export {
  originDay,
  type Capabilities,
  type CandlesBySymbol,
  type ChosenSettings,
  type EpochProgress,
  type FitContext,
  type FitReport,
  type Forecaster,
  type ForecastOrigin,
  type InputWarning,
  type ModelFiles,
  type OriginForecast,
} from './forecaster';
export type { KindRef, ModelKind } from './model-kind';
export {
  createRecipeForecaster,
  kindOf,
  loadRecipeForecaster,
  parseRecipe,
  recipeProblem,
  refName,
  type Recipe,
} from './recipe';
export {
  isNetworkRecipe,
  DEFAULT_MODEL,
  DEFAULT_TRAINING_PARAMETERS,
  envSuffix,
  kebabName,
  TRAINING_PARAMETERS,
  type ParameterDefinition,
  type ParameterType,
  type TrainingParameters,
} from './parameters/training-parameters';
export {
  formatParameterHelp,
  formatSageMakerHyperparameters,
  parameterLabel,
  parametersUsedBy,
  resolveTrainingParameters,
  type ParameterSource,
  type RawParameterValue,
} from './parameters/resolve-parameters';
export { driftKind, persistenceKind, ridgeKind } from './kinds/core-kinds';
export { ewmaKind, garchKind, harKind, naiveEmpiricalKind, SCALE_KINDS } from './scale/scale-kinds';
export { createScaleForecaster, SCALE_CAPABILITIES, type ScaleSpec } from './scale/scale-forecaster';
export { combinePointAndScale, splitRecipeFiles } from './scale/point-and-scale';
export {
  absorbTargetDay,
  CALIBRATION_GAMMA,
  calibratedLevels,
  calibrationDayFor,
  createCalibrationState,
  parseCalibrationState,
  type CalibrationOutcome,
  type CalibrationState,
} from './calibration/calibration-state';
export { WalkForwardCalibration } from './backtest/calibrate-forecasts';
export { createPersistenceModel, PLAIN_CAPABILITIES } from './kinds/persistence-model';
export { createDriftModel } from './kinds/drift-model';
export { createRidgeModel, RIDGE_PENALTIES, type RidgeParams } from './kinds/ridge-model';
export { checkFitHistory, type HistorySpan } from './kinds/fit-history';
export { readStateFile, STATE_JSON, stateFiles } from './kinds/state-file';
export { planCutoffSplit, type CutoffSplitOptions } from './windows/cutoff-split';
export {
  prepareFitWindows,
  type FitWindowOptions,
  type PreparedWindows,
  type ScaledPart,
  type ScaledWindows,
  type SymbolWindows,
} from './windows/training-windows';
export { OriginFeatures } from './windows/origin-features';
export {
  decodeReturns,
  latestRowWarnings,
  originInputWarnings,
  PREDICT_BURN_IN_DAYS,
  scaledOriginInputs,
  type ScaledOriginInputs,
} from './windows/origin-inputs';
export { featureWarmUpDays, requiredCandles } from './windows/required-candles';
export {
  scoreGroup,
  scorePoints,
  type DieboldMarianoScore,
  type ForecastPoint,
  type ModelScores,
  type PointScores,
  type ScoreTable,
} from './scoring/score-forecasts';
export {
  SCORED_RANGES,
  scoreRangeGroup,
  scoreRanges,
  type CoverageScore,
  type ModelRangeScores,
  type RangePoint,
  type RangeScores,
  type RangeScoreTable,
} from './scoring/score-ranges';
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
export { checkPredictions, sortForecasts, toForecasts } from './backtest/to-forecasts';
export type { BacktestPosition, BacktestProgress } from './backtest/backtest-progress';
export {
  AUDIT_MODES,
  BACKTEST_DEFAULT_MODELS,
  BACKTEST_REQUEST_DEFAULTS,
  CALIBRATION_MODES,
  NAIVE_RANGES,
  resolveBacktestRequest,
  WINDOW_MODES,
  type AuditMode,
  type BacktestRequest,
  type CalibrationMode,
  type ResolvedBacktestRequest,
  type WindowMode,
} from './backtest/backtest-request';
export {
  walkForward,
  type BacktestCutoffRecord,
  type BacktestPeriod,
  type ForecasterFactory,
  type WalkForwardPlan,
  type WalkForwardRun,
} from './backtest/walk-forward';
export {
  rankModels,
  serializeBacktestReport,
  type BacktestDatasetInfo,
  type BacktestRankingEntry,
  type BacktestReport,
} from './backtest/backtest-report';
export {
  buildBacktestReport,
  forecastPoints,
  rangePoints,
  rangeScoresOf,
  scoreModelRanges,
  type BacktestRun,
} from './backtest/build-backtest-report';
export { formatBacktestMarkdown } from './backtest/backtest-markdown';
export { BACKTEST_FORECAST_COLUMNS, formatForecastsCsv } from './backtest/forecasts-csv';
