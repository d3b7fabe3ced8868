import { daysBetween, type IsoDay } from '@cf/ohlcv';
import { assertInteger, FeaturesError } from './errors';
import type { FeatureFrame, FeatureSetName } from './feature-sets';

/**
 * Sliding windows of features with their targets, for one symbol or pooled from several (in the order they
 * were built or concatenated; nothing is ever shuffled).
 */
export interface WindowSet {
  /** The symbol of every window; for a pooled set, the distinct symbols joined with ','. */
  readonly symbol: string;
  /** Symbol of each window. */
  readonly symbols: readonly string[];
  readonly featureSet: FeatureSetName;
  readonly count: number;
  readonly window: number;
  readonly horizon: number;
  readonly featureCount: number;
  /** Whether `y` and `targetCloses` are filled; without targets both are empty. */
  readonly hasTargets: boolean;
  /** Features, `[count, window, featureCount]` row-major; the last step of each window is its origin day. */
  readonly x: Float32Array;
  /** Targets, `[count, horizon]`: the simple returns of close on the `horizon` days after the origin. */
  readonly y: Float32Array;
  /** The last day inside each window. */
  readonly originDates: readonly IsoDay[];
  /** The close of each origin day: the price that forecast returns compound from. */
  readonly originCloses: readonly number[];
  /** Actual closes of days origin+1..origin+horizon of each window. */
  readonly targetCloses: readonly (readonly number[])[];
}

/** Options of {@link buildWindows}. */
export interface WindowOptions {
  /** Days of features in each window (the origin and the `window - 1` days before it). */
  readonly window: number;
  /** Days after the origin to forecast. */
  readonly horizon: number;
  /**
   * With targets (the default) only origins followed by `horizon` known, consecutive days make a window;
   * without, every origin with a full window does (to forecast past the end of the data).
   */
  readonly includeTargets?: boolean;
}

/**
 * Cuts a feature frame into sliding windows. The window of origin day o holds the feature rows of days
 * o-window+1..o, never a day after o; its target is `y[k] = close[o+k+1] / close[o+k] - 1` for k < horizon.
 * A window (or its target span) that would cross a missing day is skipped: the days must be consecutive.
 *
 * @example
 * const set = buildWindows(computeFeatures(candles, 'scale-free'), { window: 60, horizon: 7 });
 */
export function buildWindows(frame: FeatureFrame, options: WindowOptions): WindowSet {
  const { window, horizon, includeTargets = true } = options;
  assertInteger('window', window, 1);
  assertInteger('horizon', horizon, 1);
  checkFrame(frame);
  const runStart = runStarts(frame.dates);
  const origins: number[] = [];
  const last = includeTargets ? frame.rows.length - 1 - horizon : frame.rows.length - 1;
  for (let o = window - 1; o <= last; o++) {
    const windowInsideRun = runStart[o] <= o - window + 1;
    if (windowInsideRun && (!includeTargets || runStart[o + horizon] <= o)) origins.push(o);
  }

  const featureCount = frame.names.length;
  const x = new Float32Array(origins.length * window * featureCount);
  const y = new Float32Array(includeTargets ? origins.length * horizon : 0);
  const targetCloses: number[][] = [];
  origins.forEach((o, i) => {
    writeWindow(frame, o, window, x, i * window * featureCount);
    if (!includeTargets) return;
    const closes = frame.closes.slice(o + 1, o + 1 + horizon);
    closes.forEach((close, k) => (y[i * horizon + k] = close / frame.closes[o + k] - 1));
    targetCloses.push(closes);
  });
  return {
    symbol: frame.symbol,
    symbols: origins.map(() => frame.symbol),
    featureSet: frame.featureSet,
    count: origins.length,
    window,
    horizon,
    featureCount,
    hasTargets: includeTargets,
    x,
    y,
    originDates: origins.map((o) => frame.dates[o]),
    originCloses: origins.map((o) => frame.closes[o]),
    targetCloses,
  };
}

/** The newest window of a frame, for a live forecast. */
export interface LatestWindow {
  /** Features, `[window, featureCount]` row-major, unscaled. */
  readonly x: Float32Array;
  readonly originDate: IsoDay;
  readonly originClose: number;
}

/**
 * The window ending on the frame's last row: the same values {@link buildWindows} gives that origin. Undefined
 * when the frame has fewer than `window` rows or its last `window` days are not consecutive. After a gap in
 * the last days the frame (still warming up) ends before the last candle, so a live forecast should check
 * that `originDate` is the day it means to forecast from.
 */
export function latestWindow(frame: FeatureFrame, window: number): LatestWindow | undefined {
  assertInteger('window', window, 1);
  checkFrame(frame);
  const o = frame.rows.length - 1;
  if (o - window + 1 < 0 || runStarts(frame.dates)[o] > o - window + 1) return undefined;
  const x = new Float32Array(window * frame.names.length);
  writeWindow(frame, o, window, x, 0);
  return { x, originDate: frame.dates[o], originClose: frame.closes[o] };
}

function writeWindow(
  frame: FeatureFrame,
  origin: number,
  window: number,
  out: Float32Array,
  offset: number,
): void {
  let at = offset;
  for (let t = origin - window + 1; t <= origin; t++) {
    const row = frame.rows[t];
    for (let f = 0; f < row.length; f++) out[at++] = row[f];
  }
}

/** For each row, the index of the first row of its run of consecutive days. */
function runStarts(dates: readonly IsoDay[]): number[] {
  const starts = new Array<number>(dates.length);
  for (let i = 0; i < dates.length; i++) {
    starts[i] = i > 0 && daysBetween(dates[i - 1], dates[i]) === 1 ? starts[i - 1] : i;
  }
  return starts;
}

function checkFrame(frame: FeatureFrame): void {
  const n = frame.rows.length;
  if (frame.dates.length !== n || frame.closes.length !== n) {
    throw new FeaturesError(
      'FEATURES_MISMATCH',
      `frame of ${frame.symbol} has ${n} rows, ${frame.dates.length} dates and ${frame.closes.length} closes`,
    );
  }
  const ragged = frame.rows.findIndex((row) => row.length !== frame.names.length);
  if (ragged >= 0) {
    throw new FeaturesError(
      'FEATURES_MISMATCH',
      `frame of ${frame.symbol}: row ${ragged} (${frame.dates[ragged]}) has ${frame.rows[ragged].length} values for ${frame.names.length} names`,
    );
  }
}
