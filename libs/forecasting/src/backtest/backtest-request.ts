import { isIsoDay, type IsoDay } from '@cf/ohlcv';
import { InvalidBacktestRequestError, UnknownForecastingModelError } from '../errors';
import type { ModelKind } from '../model-kind';
import {
  DEFAULT_MODEL,
  DEFAULT_TRAINING_PARAMETERS,
  type TrainingParameters,
} from '../parameters/training-parameters';
import { parseRecipe } from '../recipe';

/** `expanding`: every model learns from all data up to each cut-off; `rolling`: from its last `trainDays` days. */
export type WindowMode = 'expanding' | 'rolling';

/** Which cut-offs the no-lookahead audit re-runs (each audited cut-off costs one more fit per model). */
export type AuditMode = 'none' | 'first' | 'all';

/** Every window mode, for validating configuration. */
export const WINDOW_MODES: readonly WindowMode[] = ['expanding', 'rolling'];

/** Every audit mode, for validating configuration. */
export const AUDIT_MODES: readonly AuditMode[] = ['none', 'first', 'all'];

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
   * Model names (`POINT[+SCALE]`); persistence, the reference of every ratio, always runs and is listed first,
   * then the naive ranges (`persistence+naive-empirical`) when any model forecasts ranges.
   */
  readonly models?: readonly string[];
  readonly audit?: AuditMode;
  /**
   * Continue each cut-off's fit from the previous cut-off's weights (networks), as a deployment retraining from
   * its last weights would.
   */
  readonly warmStart?: boolean;
  /**
   * `aci` (default): range models' forecasts are published calibrated by adaptive conformal inference, replayed
   * as production runs it; `none`: their raw quantiles.
   */
  readonly calibration?: CalibrationMode;
  /**
   * With `aci`: days before the first origin over which the calibrated models are replayed (fitted, forecast
   * and calibrated, not scored), so the calibration state at the first scored origin is that of a deployment
   * that has run that long, not a fresh one. Default 364 (a year of weekly steps); 0 starts fresh.
   */
  readonly calibrationWarmUp?: number;
  /** Training parameters of every model (the one table's values); its `model` field is not used. */
  readonly parameters?: TrainingParameters;
}

/** A request with defaults filled in and every value checked; `to` is filled from the data when run. */
export interface ResolvedBacktestRequest {
  readonly from: IsoDay;
  readonly to?: IsoDay;
  readonly refitEvery: number;
  readonly windowMode: WindowMode;
  readonly trainDays?: number;
  /** Canonical model names, persistence first, no duplicates. */
  readonly models: readonly string[];
  readonly audit: AuditMode;
  readonly warmStart: boolean;
  readonly calibration: CalibrationMode;
  /** Days of calibration replayed before the first origin (0 with `none`). */
  readonly calibrationWarmUp: number;
  readonly parameters: TrainingParameters;
}

/** How range forecasts are calibrated in a backtest. */
export type CalibrationMode = 'aci' | 'none';

/** Every calibration mode, for validating configuration. */
export const CALIBRATION_MODES: readonly CalibrationMode[] = ['aci', 'none'];

/** The naive ranges every range forecast is judged against: persistence with naive-empirical quantiles. */
export const NAIVE_RANGES = 'persistence+naive-empirical';

/** The models a backtest runs when none are named. */
export const BACKTEST_DEFAULT_MODELS: readonly string[] = [
  'persistence',
  'drift',
  'ridge',
  'lstm/scale-free',
  DEFAULT_MODEL,
];

/** Defaults of a {@link BacktestRequest}. */
export const BACKTEST_REQUEST_DEFAULTS = Object.freeze({
  refitEvery: 91,
  windowMode: 'expanding',
  audit: 'first',
  warmStart: false,
  calibration: 'aci',
  calibrationWarmUp: 364,
} as const satisfies Pick<
  ResolvedBacktestRequest,
  'refitEvery' | 'windowMode' | 'audit' | 'warmStart' | 'calibration' | 'calibrationWarmUp'
>);

/**
 * Fills in defaults and checks every field against the registered `kinds`, throwing
 * `InvalidBacktestRequestError` naming the first bad one. The result is frozen.
 *
 * @example
 * resolveBacktestRequest({ from: '2023-02-11', models: ['gru', 'ridge'] }, kinds);
 * // models: ['persistence', 'gru/scale-free', 'ridge']
 */
export function resolveBacktestRequest(
  request: BacktestRequest,
  kinds: readonly ModelKind[],
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
  const warmStart = request.warmStart ?? BACKTEST_REQUEST_DEFAULTS.warmStart;
  if (typeof warmStart !== 'boolean') {
    throw new InvalidBacktestRequestError(
      'warmStart',
      `must be true or false, got ${JSON.stringify(warmStart)}`,
    );
  }
  const calibration = choice(
    'calibration',
    request.calibration ?? BACKTEST_REQUEST_DEFAULTS.calibration,
    CALIBRATION_MODES,
  );
  if (calibration === 'none' && (request.calibrationWarmUp ?? 0) !== 0) {
    throw new InvalidBacktestRequestError('calibrationWarmUp', 'applies to aci calibration only');
  }
  const calibrationWarmUp =
    calibration === 'none'
      ? 0
      : integer(
          'calibrationWarmUp',
          request.calibrationWarmUp ?? BACKTEST_REQUEST_DEFAULTS.calibrationWarmUp,
          0,
          3650,
        );
  const resolved: ResolvedBacktestRequest = {
    from,
    ...(to === undefined ? {} : { to }),
    refitEvery,
    windowMode,
    ...(trainDays === undefined ? {} : { trainDays }),
    models: resolveModels(request.models, kinds),
    audit,
    warmStart,
    calibration,
    calibrationWarmUp,
    parameters: request.parameters ?? DEFAULT_TRAINING_PARAMETERS,
  };
  return Object.freeze(resolved);
}

function resolveModels(models: readonly string[] | undefined, kinds: readonly ModelKind[]): string[] {
  const wanted = models === undefined || models.length === 0 ? BACKTEST_DEFAULT_MODELS : models;
  const recipes = wanted.map((name) => {
    try {
      return parseRecipe(String(name), kinds);
    } catch (error) {
      if (!(error instanceof UnknownForecastingModelError)) throw error;
      throw new InvalidBacktestRequestError('models', `names an ${error.message}`, { cause: error });
    }
  });
  // Ranges are judged against the naive ranges on the same points, as points are against persistence.
  const naive = recipes.some((r) => r.scale !== undefined) ? [NAIVE_RANGES] : [];
  const first = ['persistence', ...naive];
  return [...first, ...new Set(recipes.map((r) => r.name).filter((m) => !first.includes(m)))];
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
    throw new InvalidBacktestRequestError(
      field,
      `must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
