import {
  buildWindows,
  computeFeatures,
  concatWindowSets,
  fitModelScalers,
  scaleWindowSet,
  splitWindows,
  type FeatureFrame,
  type FeatureSetName,
  type ModelScalers,
  type TimeSplit,
  type WindowSet,
} from '@cf/features';
import { addDays, type IsoDay } from '@cf/ohlcv';
import { InsufficientHistoryError } from '../errors';
import type { CandlesBySymbol } from '../forecaster';
import { planCutoffSplit } from './cutoff-split';

/** One symbol's features and its sliding windows with targets (unscaled, in date order). */
export interface SymbolWindows {
  readonly symbol: string;
  readonly frame: FeatureFrame;
  readonly windows: WindowSet;
}

/** Scaled windows as flat row-major arrays: x is [count, window, features], y is [count, horizon]. */
export interface ScaledPart {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
}

/** The scaled training and validation parts of a fit (the shape `@cf/fast-rnn`'s `FitData` has). */
export interface ScaledWindows {
  readonly train: ScaledPart;
  /** Empty (count 0) in a fit that validates nothing: the production refit. */
  readonly validation: ScaledPart;
  readonly window: number;
  readonly featureCount: number;
  readonly horizon: number;
}

/** What a windowed fit learns from, derived from the history up to its cut-off. */
export interface PreparedWindows {
  readonly split: TimeSplit;
  /** Fitted on the training part only. */
  readonly scalers: ModelScalers;
  readonly data: ScaledWindows;
  readonly counts: { readonly train: number; readonly validation: number };
}

/** Options of {@link prepareFitWindows}. */
export interface FitWindowOptions {
  readonly model: string;
  readonly cutoff: IsoDay;
  readonly featureSet: FeatureSetName;
  readonly window: number;
  readonly horizon: number;
  /** Share of the most recent origin dates to validate on; 0: train on every window, validate nothing. */
  readonly validationFraction: number;
}

/**
 * The windows a fit at a cut-off learns from: features and windows per symbol (symbols without a complete
 * window are left out), a time split inside the history (validation the most recent part, `horizon` days after
 * train; none with `validationFraction` 0), scalers fitted on the training part only, and both parts pooled and
 * scaled. Throws `InsufficientHistoryError` naming the model and cut-off when no window can be made.
 *
 * @example
 * const prepared = prepareFitWindows(history, { model: 'ridge', cutoff, featureSet: 'scale-free', window: 10,
 *   horizon: 7, validationFraction: 0.15 });
 */
export function prepareFitWindows(history: CandlesBySymbol, options: FitWindowOptions): PreparedWindows {
  const { model, cutoff, featureSet, window, horizon, validationFraction } = options;
  const perSymbol: SymbolWindows[] = [];
  for (const symbol of Object.keys(history).sort()) {
    const candles = history[symbol];
    if (candles.length === 0) continue;
    const frame = computeFeatures(candles, featureSet);
    if (frame.rows.length === 0) continue;
    const windows = buildWindows(frame, { window, horizon });
    if (windows.count > 0) perSymbol.push({ symbol, frame, windows });
  }
  if (perSymbol.length === 0) {
    throw new InsufficientHistoryError(
      model,
      cutoff,
      `no symbol has ${window} consecutive days of '${featureSet}' features followed by ${horizon} days`,
    );
  }
  const dates = perSymbol.flatMap((s) => s.windows.originDates);
  const split =
    validationFraction > 0
      ? planCutoffSplit(dates, { cutoff, validationFraction, gapDays: horizon, model })
      : trainOnlySplit(dates, cutoff, horizon);
  const parts = perSymbol.map((s) => splitWindows(s.windows, split));
  const scalers = fitModelScalers({
    frames: perSymbol.map((s) => s.frame),
    windows: parts.map((p) => p.train),
    trainThrough: split.train.to,
  });
  const first = perSymbol[0].windows;
  const train = scaledPart(
    parts.map((p) => p.train),
    scalers,
  );
  const validation = scaledPart(
    parts.map((p) => p.validation),
    scalers,
  );
  return {
    split,
    scalers,
    data: { train, validation, window: first.window, featureCount: first.featureCount, horizon },
    counts: { train: train.count, validation: validation.count },
  };
}

/** Every origin trains; validation and test are the day after the cut-off, where no window lies. */
function trainOnlySplit(dates: readonly IsoDay[], cutoff: IsoDay, horizon: number): TimeSplit {
  const sorted = [...new Set(dates)].sort();
  const after = addDays(cutoff, 1);
  return {
    train: { from: sorted[0], to: sorted[sorted.length - 1] },
    validation: { from: after, to: after },
    test: { from: after, to: after },
    gapDays: horizon,
  };
}

function scaledPart(sets: readonly WindowSet[], scalers: ModelScalers): ScaledPart {
  const nonEmpty = sets.filter((s) => s.count > 0);
  if (nonEmpty.length === 0) return { x: new Float32Array(0), y: new Float32Array(0), count: 0 };
  const scaled = scaleWindowSet(concatWindowSets(nonEmpty), scalers);
  return { x: scaled.x, y: scaled.y, count: scaled.count };
}
