import type { IsoDay } from '@cf/ohlcv';
import { FeaturesError } from './errors';
import { assignSplit, type TimeSplit } from './split';
import type { WindowSet } from './windows';

/**
 * A copy of `set` holding only the windows for which `predicate(originDate, symbol)` is true, in order.
 *
 * @example
 * const train = selectWindows(set, (date) => date <= split.train.to);
 */
export function selectWindows(
  set: WindowSet,
  predicate: (originDate: IsoDay, symbol: string) => boolean,
): WindowSet {
  const keep: number[] = [];
  set.originDates.forEach((date, i) => {
    if (predicate(date, set.symbols[i])) keep.push(i);
  });
  const xStride = set.window * set.featureCount;
  const x = new Float32Array(keep.length * xStride);
  const y = new Float32Array(set.hasTargets ? keep.length * set.horizon : 0);
  keep.forEach((from, to) => {
    x.set(set.x.subarray(from * xStride, (from + 1) * xStride), to * xStride);
    if (set.hasTargets) y.set(set.y.subarray(from * set.horizon, (from + 1) * set.horizon), to * set.horizon);
  });
  return {
    ...set,
    symbols: keep.map((i) => set.symbols[i]),
    count: keep.length,
    x,
    y,
    originDates: keep.map((i) => set.originDates[i]),
    originCloses: keep.map((i) => set.originCloses[i]),
    targetCloses: set.hasTargets ? keep.map((i) => [...set.targetCloses[i]]) : [],
  };
}

/** The train, validation and test windows of a set; windows whose origin falls in a gap are left out. */
export function splitWindows(
  set: WindowSet,
  split: TimeSplit,
): { train: WindowSet; validation: WindowSet; test: WindowSet } {
  return {
    train: selectWindows(set, (date) => assignSplit(date, split) === 'train'),
    validation: selectWindows(set, (date) => assignSplit(date, split) === 'validation'),
    test: selectWindows(set, (date) => assignSplit(date, split) === 'test'),
  };
}

/**
 * Pools window sets (e.g. one per symbol) into one, keeping the given order of sets and of windows inside
 * each. All sets must share feature set, feature count, window, horizon and whether they have targets.
 */
export function concatWindowSets(sets: readonly WindowSet[]): WindowSet {
  if (sets.length === 0) throw new FeaturesError('FEATURES_NOT_ENOUGH_DATA', 'no window sets to concatenate');
  const first = sets[0];
  for (const set of sets) {
    const same =
      set.featureSet === first.featureSet &&
      set.featureCount === first.featureCount &&
      set.window === first.window &&
      set.horizon === first.horizon &&
      set.hasTargets === first.hasTargets;
    if (!same) {
      throw new FeaturesError('FEATURES_MISMATCH', `cannot pool ${describe(set)} with ${describe(first)}`);
    }
  }
  const x = new Float32Array(sets.reduce((n, s) => n + s.x.length, 0));
  const y = new Float32Array(sets.reduce((n, s) => n + s.y.length, 0));
  let xAt = 0;
  let yAt = 0;
  for (const set of sets) {
    x.set(set.x, xAt);
    y.set(set.y, yAt);
    xAt += set.x.length;
    yAt += set.y.length;
  }
  const symbols = sets.flatMap((s) => s.symbols);
  return {
    ...first,
    symbol: [...new Set(sets.map((s) => s.symbol.split(',')).flat())].join(','),
    symbols,
    count: symbols.length,
    x,
    y,
    originDates: sets.flatMap((s) => s.originDates),
    originCloses: sets.flatMap((s) => s.originCloses),
    targetCloses: sets.flatMap((s) => s.targetCloses.map((closes) => [...closes])),
  };
}

function describe(set: WindowSet): string {
  return (
    `${set.symbol} ('${set.featureSet}' x ${set.featureCount}, window ${set.window}, horizon ${set.horizon}, ` +
    `${set.hasTargets ? 'with' : 'without'} targets)`
  );
}
