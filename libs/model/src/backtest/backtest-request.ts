import { isFeatureSetName, type FeatureSetName } from '@cf/features';
import { isIsoDay, isValidSymbol, type IsoDay } from '@cf/ohlcv';
import { isArchitectureName } from '@cf/networks';
import { BASELINE_MODEL_NAMES, parseForecastingModelName } from '../forecasters/model-names';
import type { FitPathChoice } from '@cf/networks';
import { InvalidTrainRequestError } from '../training/train-forecaster-errors';
import {
  resolveTrainRequest,
  TRAIN_REQUEST_DEFAULTS,
  type TrainRequest,
} from '../training/train-forecaster-request';
import { InvalidBacktestRequestError } from './backtest-errors';

/** `expanding`: every model learns from all data up to each cut-off; `rolling`: from its last `trainDays` days. */
export type WindowMode = 'expanding' | 'rolling';

/** Which cut-offs the no-lookahead audit re-runs (each audited cut-off costs one more fit per model). */
export type AuditMode = 'none' | 'first' | 'all';

/** Every window mode, for validating configuration. */
export const WINDOW_MODES: readonly WindowMode[] = ['expanding', 'rolling'];

/** Every audit mode, for validating configuration. */
export const AUDIT_MODES: readonly AuditMode[] = ['none', 'first', 'all'];

/** Hyperparameters of the neural models; each model's name gives its architecture and feature set. */
export type BacktestTraining = Omit<
  TrainRequest,
  'symbols' | 'architecture' | 'featureSet' | 'trainFraction'
>;

/** What to backtest; every field but `from` is optional (see {@link BACKTEST_REQUEST_DEFAULTS}). */
export interface BacktestRequest {
  /** The first cut-off: the first forecast origin is the next day. */
  readonly from: IsoDay;
  /** The last forecast origin; the last day of the data when omitted. */
  readonly to?: IsoDay;
  /** Days between cut-offs (refits). */
  readonly refitEvery?: number;
  readonly windowMode?: WindowMode;
  /** Days of history each fit sees in `rolling` mode (required there, refused in `expanding` mode). */
  readonly trainDays?: number;
  /**
   * Models to run: `persistence`, `drift`, `{architecture}/{featureSet}`, or a bare architecture (`gru`) that
   * takes `featureSet`. Persistence, the reference of every ratio, always runs and is listed first.
   */
  readonly models?: readonly string[];
  /** Feature set of bare architecture names and of the default neural model. */
  readonly featureSet?: FeatureSetName;
  /** Symbols to backtest; every dataset found when omitted or empty. */
  readonly symbols?: readonly string[];
  readonly audit?: AuditMode;
  readonly training?: BacktestTraining;
}

/** Neural hyperparameters with every default filled in. */
export interface ResolvedBacktestTraining {
  readonly window: number;
  readonly horizon: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly patience: number;
  readonly seed: number;
  /** Share of each fit's most recent origin dates used for early stopping. */
  readonly validationFraction: number;
  readonly units?: readonly number[];
  readonly fitPath: FitPathChoice;
}

/** A request with defaults filled in and every value checked; `to` is filled from the data when run. */
export interface ResolvedBacktestRequest {
  readonly from: IsoDay;
  readonly to?: IsoDay;
  readonly refitEvery: number;
  readonly windowMode: WindowMode;
  readonly trainDays?: number;
  /** Full model names, persistence first, no duplicates. */
  readonly models: readonly string[];
  /** Sorted; empty means every dataset found. */
  readonly symbols: readonly string[];
  readonly audit: AuditMode;
  readonly training: ResolvedBacktestTraining;
}

/** Defaults of a {@link BacktestRequest}. */
export const BACKTEST_REQUEST_DEFAULTS = Object.freeze({
  refitEvery: 91,
  windowMode: 'expanding',
  audit: 'first',
} as const satisfies Pick<ResolvedBacktestRequest, 'refitEvery' | 'windowMode' | 'audit'>);

/** Options of {@link resolveBacktestRequest}. */
export interface ResolveBacktestOptions {
  /**
   * Accept any model name (a non-empty string without commas or spaces): the caller's own model factory checks
   * it. By default only `persistence`, `drift` and `{architecture}/{featureSet}` are accepted.
   */
  readonly customModels?: boolean;
}

/**
 * Fills in defaults and checks every field, throwing `InvalidBacktestRequestError` naming the first bad one
 * (`training.epochs` for a hyperparameter). Default models: persistence, drift and the default neural model
 * (`TRAIN_REQUEST_DEFAULTS`' architecture on `featureSet`). The result is frozen.
 *
 * @example
 * resolveBacktestRequest({ from: '2023-02-11', models: ['gru', 'dense/price-levels'], featureSet: 'scale-free' });
 * // models: ['persistence', 'gru/scale-free', 'dense/price-levels']
 */
export function resolveBacktestRequest(
  request: BacktestRequest,
  options: ResolveBacktestOptions = {},
): ResolvedBacktestRequest {
  const day = (field: string, value: unknown): IsoDay => {
    if (typeof value !== 'string' || !isIsoDay(value)) {
      throw new InvalidBacktestRequestError(field, `must be a day YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const from = day('from', request.from);
  const to = request.to === undefined ? undefined : day('to', request.to);
  if (to !== undefined && to <= from) {
    throw new InvalidBacktestRequestError('to', `${to} must be after from ${from}`);
  }
  const refitEvery = integer(
    'refitEvery',
    request.refitEvery ?? BACKTEST_REQUEST_DEFAULTS.refitEvery,
    1,
    3650,
  );
  const windowMode = choice(
    'windowMode',
    request.windowMode ?? BACKTEST_REQUEST_DEFAULTS.windowMode,
    WINDOW_MODES,
  );
  const audit = choice('audit', request.audit ?? BACKTEST_REQUEST_DEFAULTS.audit, AUDIT_MODES);
  if (windowMode === 'rolling' && request.trainDays === undefined) {
    throw new InvalidBacktestRequestError('trainDays', 'is required in rolling window mode');
  }
  if (windowMode === 'expanding' && request.trainDays !== undefined) {
    throw new InvalidBacktestRequestError('trainDays', 'applies to rolling window mode only');
  }
  const trainDays =
    request.trainDays === undefined ? undefined : integer('trainDays', request.trainDays, 2, 36_500);
  const featureSet = request.featureSet ?? TRAIN_REQUEST_DEFAULTS.featureSet;
  if (!isFeatureSetName(featureSet)) {
    throw new InvalidBacktestRequestError(
      'featureSet',
      `'${String(featureSet)}' is not scale-free or price-levels`,
    );
  }
  const symbols = [...new Set(request.symbols ?? [])].sort();
  const badSymbol = symbols.find((s) => !isValidSymbol(s));
  if (badSymbol !== undefined) {
    throw new InvalidBacktestRequestError(
      'symbols',
      `has '${badSymbol}', which is not a symbol [A-Z0-9]{1,15}`,
    );
  }
  const resolved: ResolvedBacktestRequest = {
    from,
    ...(to === undefined ? {} : { to }),
    refitEvery,
    windowMode,
    ...(trainDays === undefined ? {} : { trainDays }),
    models: resolveModels(request.models, featureSet, options.customModels === true),
    symbols,
    audit,
    training: resolveTraining(request.training ?? {}),
  };
  return Object.freeze(resolved);
}

function resolveModels(
  models: readonly string[] | undefined,
  featureSet: FeatureSetName,
  custom: boolean,
): string[] {
  const wanted =
    models === undefined || models.length === 0
      ? [...BASELINE_MODEL_NAMES, `${TRAIN_REQUEST_DEFAULTS.architecture}/${featureSet}`]
      : models.map((m) => (typeof m === 'string' && isArchitectureName(m) ? `${m}/${featureSet}` : m));
  for (const name of wanted) {
    if (custom) {
      if (typeof name !== 'string' || !/^[^\s,]+$/.test(name)) {
        throw new InvalidBacktestRequestError(
          'models',
          `has ${JSON.stringify(name)}, which is not a model name`,
        );
      }
      continue;
    }
    try {
      parseForecastingModelName(name);
    } catch (error) {
      throw new InvalidBacktestRequestError('models', (error as Error).message, { cause: error });
    }
  }
  return ['persistence', ...new Set(wanted.filter((m) => m !== 'persistence'))];
}

function resolveTraining(training: BacktestTraining): ResolvedBacktestTraining {
  const validation = training.validationFraction;
  let resolved;
  try {
    resolved = resolveTrainRequest({
      ...training,
      // Train is everything before validation; keep the pipeline's train + validation < 1 check out of the way.
      ...(typeof validation === 'number' && validation > 0 && validation < 1
        ? { trainFraction: (1 - validation) / 2 }
        : {}),
    });
  } catch (error) {
    if (!(error instanceof InvalidTrainRequestError)) throw error;
    const reason = error.message.replace(/^training parameter '[^']+' /, '');
    throw new InvalidBacktestRequestError(`training.${error.field}`, reason, { cause: error });
  }
  return {
    window: resolved.window,
    horizon: resolved.horizon,
    epochs: resolved.epochs,
    batchSize: resolved.batchSize,
    learningRate: resolved.learningRate,
    patience: resolved.patience,
    seed: resolved.seed,
    validationFraction: resolved.validationFraction,
    ...(resolved.units === undefined ? {} : { units: resolved.units }),
    fitPath: resolved.fitPath,
  };
}

function integer(field: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidBacktestRequestError(
      field,
      `must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function choice<T extends string>(field: string, value: T, choices: readonly T[]): T {
  if (!choices.includes(value)) {
    throw new InvalidBacktestRequestError(field, `'${String(value)}' is not one of ${choices.join(', ')}`);
  }
  return value;
}
