import {
  buildWindows,
  computeFeatures,
  type FeatureFrame,
  type FeatureSetName,
  type WindowSet,
} from '@cf/features';
import { InsufficientDataError } from '../errors';
import type { TrainingDataset } from './dataset';

/** One symbol's features and its sliding windows with targets (unscaled, in date order). */
export interface SymbolWindows {
  readonly symbol: string;
  readonly frame: FeatureFrame;
  readonly windows: WindowSet;
}

/** Options of {@link buildDatasetWindows}. */
export interface DatasetWindowOptions {
  readonly featureSet: FeatureSetName;
  readonly window: number;
  readonly horizon: number;
}

/**
 * Computes the feature frame of every dataset and cuts it into windows of `window` days with the next
 * `horizon` daily returns as targets. Nothing is split, scaled or shuffled here. Throws
 * `InsufficientDataError` naming the symbol when a dataset is too short (or too gappy) for one window.
 *
 * @example
 * const perSymbol = buildDatasetWindows(datasets, { featureSet: 'scale-free', window: 60, horizon: 7 });
 */
export function buildDatasetWindows(
  datasets: readonly TrainingDataset[],
  options: DatasetWindowOptions,
): SymbolWindows[] {
  return datasets.map((dataset) => {
    const frame = computeFeatures(dataset.series, options.featureSet);
    const windows = buildWindows(frame, { window: options.window, horizon: options.horizon });
    if (windows.count === 0) {
      throw new InsufficientDataError(
        options.window + options.horizon,
        frame.rows.length,
        `${dataset.symbol} (${dataset.key}, ${dataset.series.length} candles, ${frame.rows.length} days with every ` +
          `'${options.featureSet}' feature defined) has no window of ${options.window} days followed by ${options.horizon} consecutive days`,
      );
    }
    return { symbol: dataset.symbol, frame, windows };
  });
}
