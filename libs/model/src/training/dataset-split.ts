import {
  concatWindowSets,
  fitModelScalers,
  planTimeSplit,
  scaleWindowSet,
  splitWindows,
  type ModelScalers,
  type TimeSplit,
  type WindowSet,
} from '@cf/features';
import type { FitData, FitSplit } from '@cf/fast-rnn';
import type { SymbolWindows } from './dataset-windows';

/** Options of {@link planDatasetSplit}. */
export interface DatasetSplitOptions {
  readonly trainFraction: number;
  readonly validationFraction: number;
  /** Calendar days between parts; the horizon, so no target of one part reaches the next. */
  readonly gapDays: number;
}

/**
 * One split by calendar date shared by every symbol (`planTimeSplit` over the origin dates of all
 * windows): train, then validation, then test, `gapDays` apart. Throws when a part would be empty.
 *
 * @example
 * const split = planDatasetSplit(perSymbol, { trainFraction: 0.7, validationFraction: 0.15, gapDays: 7 });
 */
export function planDatasetSplit(
  perSymbol: readonly SymbolWindows[],
  options: DatasetSplitOptions,
): TimeSplit {
  return planTimeSplit(
    perSymbol.flatMap((s) => s.windows.originDates),
    options,
  );
}

/** Window counts of each part, overall and by symbol. */
export interface SplitCounts {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
  readonly bySymbol: Readonly<
    Record<string, { readonly train: number; readonly validation: number; readonly test: number }>
  >;
}

/** Everything a fit and its evaluation need, derived from the windows and one split. */
export interface PreparedTrainingData {
  readonly split: TimeSplit;
  /** Fitted on the training part only (features on rows dated up to `split.train.to`, targets of its windows). */
  readonly scalers: ModelScalers;
  /** Train and validation windows of every symbol pooled (symbol by symbol, each in date order) and scaled. */
  readonly fitData: FitData;
  /** Unscaled test windows of each symbol that has any, in symbol order. */
  readonly testBySymbol: readonly WindowSet[];
  readonly counts: SplitCounts;
}

/**
 * Splits every symbol's windows by `split`, fits the scalers on the training part only, and pools and
 * scales the train and validation parts into `FitData`. Windows whose origin falls in a gap are dropped.
 * The inputs are not modified. A walk-forward backtest passes its own `split` (train up to a cut-off).
 *
 * @example
 * const prepared = prepareTrainingData(perSymbol, planDatasetSplit(perSymbol, options));
 * const result = await fitModel(tf, model, prepared.fitData, fitOptions);
 */
export function prepareTrainingData(
  perSymbol: readonly SymbolWindows[],
  split: TimeSplit,
): PreparedTrainingData {
  const parts = perSymbol.map((s) => ({ symbol: s.symbol, ...splitWindows(s.windows, split) }));
  const scalers = fitModelScalers({
    frames: perSymbol.map((s) => s.frame),
    windows: parts.map((p) => p.train),
    trainThrough: split.train.to,
  });
  const first = perSymbol[0].windows;
  const fitData: FitData = {
    train: toFitSplit(scaleWindowSet(concatWindowSets(parts.map((p) => p.train)), scalers)),
    validation: toFitSplit(scaleWindowSet(concatWindowSets(parts.map((p) => p.validation)), scalers)),
    window: first.window,
    featureCount: first.featureCount,
    horizon: first.horizon,
  };
  const bySymbol: Record<string, { train: number; validation: number; test: number }> = {};
  for (const p of parts)
    bySymbol[p.symbol] = { train: p.train.count, validation: p.validation.count, test: p.test.count };
  return {
    split,
    scalers,
    fitData,
    testBySymbol: parts.filter((p) => p.test.count > 0).map((p) => p.test),
    counts: {
      train: fitData.train.count,
      validation: fitData.validation.count,
      test: parts.reduce((n, p) => n + p.test.count, 0),
      bySymbol,
    },
  };
}

function toFitSplit(set: WindowSet): FitSplit {
  return { x: set.x, y: set.y, count: set.count };
}
