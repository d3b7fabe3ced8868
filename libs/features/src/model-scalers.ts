import { isIsoDay, type IsoDay } from '@cf/ohlcv';
import { FeaturesError } from './errors';
import type { FeatureFrame, FeatureSetName } from './feature-sets';
import { fitScaler, scaleInPlace, unscaleValues, type ScalerParams } from './scaler';
import { returnsToPrices, targetNames } from './targets';
import { latestWindow, type LatestWindow, type WindowSet } from './windows';

/** `scaler.json` of a model version: everything needed to turn candles into the model's inputs and back. */
export interface ModelScalers {
  readonly schemaVersion: 1;
  readonly featureSet: FeatureSetName;
  readonly window: number;
  readonly horizon: number;
  /**
   * The last training origin: no feature row dated after it, and no target of a window whose origin is
   * after it, went into the fit.
   */
  readonly fittedThrough: IsoDay;
  /** One column per feature of `featureSet`, in order. */
  readonly features: ScalerParams;
  /** One column per horizon day (`return_d1`..), fitted on the training windows' targets. */
  readonly target: ScalerParams;
}

/** What {@link fitModelScalers} fits on. */
export interface FitModelScalersInput {
  /** Feature frames of every symbol; rows after `trainThrough` may be present and are ignored. */
  readonly frames: readonly FeatureFrame[];
  /** Window sets (with targets) of every symbol; windows with an origin after `trainThrough` are ignored. */
  readonly windows: readonly WindowSet[];
  /** The last training origin: the split's `train.to`, or a walk-forward cut-off's last origin. */
  readonly trainThrough: IsoDay;
}

/**
 * Fits the feature and target scalers of a model honestly: features on the frame rows dated on or before
 * `trainThrough` (each day once, whatever the number of windows it appears in), targets on the windows whose
 * origin is on or before it. Everything later is filtered out here, so the trainer and every walk-forward
 * cut-off can pass their whole data and still never fit on the future.
 *
 * @example
 * const scalers = fitModelScalers({ frames, windows, trainThrough: split.train.to });
 */
export function fitModelScalers(input: FitModelScalersInput): ModelScalers {
  const { frames, windows, trainThrough } = input;
  if (!isIsoDay(trainThrough)) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `trainThrough '${trainThrough}' is not a YYYY-MM-DD day`,
    );
  }
  const { featureSet, names, window, horizon } = checkAgreement(frames, windows);
  const featureRows = frames.flatMap((frame) => frame.rows.filter((_, i) => frame.dates[i] <= trainThrough));
  const targetRows: number[][] = [];
  for (const set of windows) {
    set.originDates.forEach((date, i) => {
      if (date <= trainThrough) targetRows.push(Array.from(set.y.subarray(i * horizon, (i + 1) * horizon)));
    });
  }
  if (featureRows.length === 0 || targetRows.length === 0) {
    throw new FeaturesError(
      'FEATURES_NOT_ENOUGH_DATA',
      `no training data on or before ${trainThrough}: ${featureRows.length} feature rows, ${targetRows.length} windows`,
    );
  }
  return {
    schemaVersion: 1,
    featureSet,
    window,
    horizon,
    fittedThrough: trainThrough,
    features: fitScaler(featureRows, names),
    target: fitScaler(targetRows, targetNames(horizon)),
  };
}

/** A copy of a window set with `x` scaled by the feature scaler and `y` (when present) by the target scaler. */
export function scaleWindowSet(set: WindowSet, scalers: ModelScalers): WindowSet {
  checkSetAgainst(set, scalers);
  const x = set.x.slice();
  scaleInPlace(x, scalers.features);
  const y = set.y.slice();
  if (set.hasTargets) scaleInPlace(y, scalers.target);
  return {
    ...set,
    symbols: [...set.symbols],
    x,
    y,
    originDates: [...set.originDates],
    originCloses: [...set.originCloses],
    targetCloses: set.targetCloses.map((closes) => [...closes]),
  };
}

/**
 * The scaled model input for a live forecast from a frame's last day: the same numbers, bit for bit, as that
 * origin's window in `scaleWindowSet(buildWindows(...), scalers)`. Undefined when the frame has no full window
 * ending on its last day. Throws FEATURES_MISMATCH when the frame is not of the scalers' feature set.
 */
export function latestModelInput(frame: FeatureFrame, scalers: ModelScalers): LatestWindow | undefined {
  const expected = scalers.features.names;
  if (frame.featureSet !== scalers.featureSet || !sameNames(frame.names, expected)) {
    throw new FeaturesError(
      'FEATURES_MISMATCH',
      `frame of ${frame.symbol} has features '${frame.featureSet}' (${frame.names.join(', ')}) but the model ` +
        `expects '${scalers.featureSet}' (${expected.join(', ')})`,
    );
  }
  const latest = latestWindow(frame, scalers.window);
  if (latest) scaleInPlace(latest.x, scalers.features);
  return latest;
}

/** A forecast decoded from the model's scaled output: daily returns and the price path they compound to. */
export interface DecodedForecast {
  readonly returns: number[];
  readonly closes: number[];
}

/**
 * Decodes a batch of scaled model outputs (`[count, horizon]` row-major) into returns (unscaled by the
 * target scaler) and price paths compounded from each window's origin close.
 */
export function decodeForecasts(
  output: ArrayLike<number>,
  originCloses: readonly number[],
  scalers: ModelScalers,
): DecodedForecast[] {
  const h = scalers.horizon;
  if (output.length !== originCloses.length * h) {
    throw new FeaturesError(
      'FEATURES_MISMATCH',
      `model output of ${output.length} values is not ${originCloses.length} windows x horizon ${h}`,
    );
  }
  const returns = unscaleValues(output, scalers.target);
  return originCloses.map((close, i) => {
    const r = returns.slice(i * h, (i + 1) * h);
    return { returns: r, closes: returnsToPrices(close, r) };
  });
}

function checkAgreement(frames: readonly FeatureFrame[], windows: readonly WindowSet[]) {
  if (frames.length === 0 || windows.length === 0) {
    throw new FeaturesError(
      'FEATURES_NOT_ENOUGH_DATA',
      `need frames and window sets to fit on, got ${frames.length} frames and ${windows.length} window sets`,
    );
  }
  const { featureSet, names } = frames[0];
  for (const frame of frames) {
    if (frame.featureSet !== featureSet || !sameNames(frame.names, names)) {
      throw new FeaturesError(
        'FEATURES_MISMATCH',
        `frame of ${frame.symbol} has features '${frame.featureSet}', frame of ${frames[0].symbol} '${featureSet}'`,
      );
    }
  }
  const { window, horizon } = windows[0];
  for (const set of windows) {
    const problem =
      set.featureSet !== featureSet || set.featureCount !== names.length
        ? `features '${set.featureSet}' x ${set.featureCount}, frames have '${featureSet}' x ${names.length}`
        : set.window !== window || set.horizon !== horizon
          ? `window ${set.window} horizon ${set.horizon}, first set has window ${window} horizon ${horizon}`
          : !set.hasTargets
            ? 'no targets (built with includeTargets: false)'
            : undefined;
    if (problem) throw new FeaturesError('FEATURES_MISMATCH', `window set of ${set.symbol}: ${problem}`);
  }
  return { featureSet, names, window, horizon };
}

function checkSetAgainst(set: WindowSet, scalers: ModelScalers): void {
  const mismatch =
    set.featureSet !== scalers.featureSet ||
    set.featureCount !== scalers.features.names.length ||
    set.window !== scalers.window ||
    set.horizon !== scalers.horizon;
  if (mismatch) {
    throw new FeaturesError(
      'FEATURES_MISMATCH',
      `window set of ${set.symbol} ('${set.featureSet}' x ${set.featureCount}, window ${set.window}, horizon ` +
        `${set.horizon}) does not fit scalers ('${scalers.featureSet}' x ${scalers.features.names.length}, ` +
        `window ${scalers.window}, horizon ${scalers.horizon})`,
    );
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
