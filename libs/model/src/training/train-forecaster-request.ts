import { FEATURE_SETS, isFeatureSetName, type FeatureSetName } from '@cf/features';
import { isValidSymbol } from '@cf/ohlcv';
import { ARCHITECTURES, isArchitectureName, type ArchitectureName } from '@cf/networks';
import type { FitPathChoice } from '@cf/networks';
import { InvalidTrainRequestError } from './train-forecaster-errors';

/** What to train; every field is optional and defaults to {@link TRAIN_REQUEST_DEFAULTS}. */
export interface TrainRequest {
  /** Symbols to train on; all datasets found when omitted or empty. */
  readonly symbols?: readonly string[];
  readonly featureSet?: FeatureSetName;
  readonly architecture?: ArchitectureName;
  /** Days of features per input window. */
  readonly window?: number;
  /** Days forecast after each window's last day; also the gap in days between split parts. */
  readonly horizon?: number;
  /** Most epochs; early stopping may end sooner. */
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** Epochs without a better validation loss before stopping (the best weights are restored). */
  readonly patience?: number;
  /** Seeds the initial weights and the per-epoch shuffle of the training windows. */
  readonly seed?: number;
  /** Share of the distinct window dates used for training, in (0, 1). */
  readonly trainFraction?: number;
  /** Share used for validation (early stopping); the rest, minus the gaps, is the test part. */
  readonly validationFraction?: number;
  /** Recurrent (or, for `dense`, hidden) layer widths; the architecture's default ([64, 32]) when omitted. */
  readonly units?: readonly number[];
  /** Trainer: `auto` uses the fast recurrent kernels where they apply. */
  readonly fitPath?: FitPathChoice;
}

/** A request with every default filled in and every value checked. */
export interface ResolvedTrainRequest {
  /** Sorted and deduplicated; empty means every dataset found. */
  readonly symbols: readonly string[];
  readonly featureSet: FeatureSetName;
  readonly architecture: ArchitectureName;
  readonly window: number;
  readonly horizon: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly patience: number;
  readonly seed: number;
  readonly trainFraction: number;
  readonly validationFraction: number;
  readonly units?: readonly number[];
  readonly fitPath: FitPathChoice;
}

/** Defaults of a {@link TrainRequest}: the original system's model on the scale-free features. */
export const TRAIN_REQUEST_DEFAULTS = Object.freeze({
  featureSet: 'scale-free',
  architecture: 'lstm',
  window: 60,
  horizon: 7,
  epochs: 30,
  batchSize: 64,
  learningRate: 1e-3,
  patience: 5,
  seed: 42,
  trainFraction: 0.7,
  validationFraction: 0.15,
  fitPath: 'auto',
} as const satisfies Omit<ResolvedTrainRequest, 'symbols' | 'units'>);

/** Trainer choices a request may name. */
export const FIT_PATH_CHOICES: readonly FitPathChoice[] = ['auto', 'fast', 'stock'];

const MAX_SEED = 2 ** 32 - 1;

/**
 * Fills in defaults and checks every field, throwing `InvalidTrainRequestError` naming the first bad one
 * (integers where counts are meant, fractions in (0, 1) leaving a test part, known names). The input is not
 * modified; the result is frozen.
 *
 * @example
 * const request = resolveTrainRequest({ symbols: ['BTC'], epochs: 5 }); // window 60, horizon 7, ...
 */
export function resolveTrainRequest(request: TrainRequest): ResolvedTrainRequest {
  const d = TRAIN_REQUEST_DEFAULTS;
  const symbols = [...new Set(request.symbols ?? [])].sort();
  const bad = symbols.find((s) => !isValidSymbol(s));
  if (bad !== undefined)
    throw new InvalidTrainRequestError('symbols', `has '${bad}', which is not a symbol [A-Z0-9]{1,15}`);
  const featureSet = request.featureSet ?? d.featureSet;
  if (!isFeatureSetName(featureSet)) {
    throw new InvalidTrainRequestError(
      'featureSet',
      `'${String(featureSet)}' is not one of ${Object.keys(FEATURE_SETS).join(', ')}`,
    );
  }
  const architecture = request.architecture ?? d.architecture;
  if (!isArchitectureName(architecture)) {
    throw new InvalidTrainRequestError(
      'architecture',
      `'${String(architecture)}' is not one of ${ARCHITECTURES.join(', ')}`,
    );
  }
  const fitPath = request.fitPath ?? d.fitPath;
  if (!FIT_PATH_CHOICES.includes(fitPath)) {
    throw new InvalidTrainRequestError(
      'fitPath',
      `'${String(fitPath)}' is not one of ${FIT_PATH_CHOICES.join(', ')}`,
    );
  }
  const resolved: ResolvedTrainRequest = {
    symbols,
    featureSet,
    architecture,
    window: integer('window', request.window ?? d.window, 2, 3650),
    horizon: integer('horizon', request.horizon ?? d.horizon, 1, 365),
    epochs: integer('epochs', request.epochs ?? d.epochs, 1, 10_000),
    batchSize: integer('batchSize', request.batchSize ?? d.batchSize, 1, 65_536),
    learningRate: fraction('learningRate', request.learningRate ?? d.learningRate, true),
    patience: integer('patience', request.patience ?? d.patience, 0, 10_000),
    seed: integer('seed', request.seed ?? d.seed, 0, MAX_SEED),
    trainFraction: fraction('trainFraction', request.trainFraction ?? d.trainFraction),
    validationFraction: fraction('validationFraction', request.validationFraction ?? d.validationFraction),
    ...(request.units === undefined ? {} : { units: checkUnits(request.units) }),
    fitPath,
  };
  if (!(resolved.trainFraction + resolved.validationFraction < 1)) {
    throw new InvalidTrainRequestError(
      'validationFraction',
      `${resolved.validationFraction} plus trainFraction ${resolved.trainFraction} leaves no test part: their sum must be below 1`,
    );
  }
  return Object.freeze(resolved);
}

function integer(field: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidTrainRequestError(
      field,
      `must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

/** A number in (0, 1), or (0, 1] with `oneAllowed`. */
function fraction(field: string, value: number, oneAllowed = false): number {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && value > 0 && (oneAllowed ? value <= 1 : value < 1);
  if (!ok)
    throw new InvalidTrainRequestError(
      field,
      `must be a number in (0, 1${oneAllowed ? ']' : ')'}, got ${String(value)}`,
    );
  return value;
}

function checkUnits(units: readonly number[]): readonly number[] {
  if (!Array.isArray(units) || units.length === 0 || units.length > 8) {
    throw new InvalidTrainRequestError(
      'units',
      `must list 1 to 8 layer widths, got ${JSON.stringify(units)}`,
    );
  }
  units.forEach((u) => integer('units', u, 1, 4096));
  return Object.freeze([...units]);
}
