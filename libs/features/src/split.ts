import { addDays, isIsoDay, type IsoDay } from '@cf/ohlcv';
import { assertInteger, FeaturesError } from './errors';

/** An inclusive range of origin days. */
export interface DayRange {
  readonly from: IsoDay;
  readonly to: IsoDay;
}

/** Train, validation and test ranges of origin days, in that order in time, with gaps between them. */
export interface TimeSplit {
  readonly train: DayRange;
  readonly validation: DayRange;
  readonly test: DayRange;
  /** Minimum number of calendar days strictly between one part's last origin and the next part's first. */
  readonly gapDays: number;
}

/** Options of {@link planTimeSplit}. */
export interface TimeSplitOptions {
  /** Share of the distinct origin dates that train takes, in (0, 1). */
  readonly trainFraction: number;
  /** Share of the distinct origin dates that validation takes, in (0, 1); train + validation < 1. */
  readonly validationFraction: number;
  /** Days left out between parts; use the horizon so no training target reaches a validation day. */
  readonly gapDays: number;
}

/** Which part of a split an origin day falls in; `'gap'` means in no part (between parts or outside them). */
export type SplitPart = 'train' | 'validation' | 'test' | 'gap';

/**
 * Plans a split by calendar date, shared by every symbol: pass the origin dates of all symbols' windows.
 * Over the sorted distinct dates, train takes the first `floor(n * trainFraction)`, validation starts at the
 * first date at least `gapDays + 1` days after train's last and takes `floor(n * validationFraction)`, and
 * test starts at the first date at least `gapDays + 1` days after validation's last and runs to the end (the
 * gaps come out of the test share). A window of any symbol belongs to the part its origin date is in, so
 * assets with different first days are cut at the same dates, and nothing is shuffled.
 * Throws FEATURES_INVALID_ARGUMENT for bad options and FEATURES_NOT_ENOUGH_DATA when a part would be empty.
 *
 * @example
 * const split = planTimeSplit(sets.flatMap((s) => s.originDates), { trainFraction: 0.7, validationFraction: 0.15, gapDays: 7 });
 */
export function planTimeSplit(originDates: readonly IsoDay[], options: TimeSplitOptions): TimeSplit {
  const { trainFraction, validationFraction, gapDays } = options;
  for (const [name, value] of [
    ['trainFraction', trainFraction],
    ['validationFraction', validationFraction],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0 && value < 1)) {
      throw new FeaturesError('FEATURES_INVALID_ARGUMENT', `${name} must be in (0, 1), got ${value}`);
    }
  }
  if (!(trainFraction + validationFraction < 1)) {
    throw new FeaturesError(
      'FEATURES_INVALID_ARGUMENT',
      `trainFraction + validationFraction must be below 1 to leave a test part, got ${trainFraction} + ${validationFraction}`,
    );
  }
  assertInteger('gapDays', gapDays, 0);
  const dates = [...new Set(originDates)].sort();
  const bad = dates.find((d) => !isIsoDay(d));
  if (bad !== undefined) {
    throw new FeaturesError('FEATURES_INVALID_ARGUMENT', `origin date '${bad}' is not a YYYY-MM-DD day`);
  }

  const n = dates.length;
  const trainCount = Math.floor(n * trainFraction);
  const validationCount = Math.floor(n * validationFraction);
  const validationStart = firstIndexFrom(
    dates,
    trainCount > 0 ? addDays(dates[trainCount - 1], gapDays + 1) : '',
  );
  const validationEnd = validationStart + validationCount - 1;
  const testStart =
    validationEnd < n
      ? firstIndexFrom(dates, addDays(dates[validationEnd], gapDays + 1))
      : Number.POSITIVE_INFINITY;
  if (trainCount < 1 || validationCount < 1 || validationEnd >= n || testStart >= n) {
    throw new FeaturesError(
      'FEATURES_NOT_ENOUGH_DATA',
      `${n} distinct origin dates (${dates[0] ?? 'none'} to ${dates[n - 1] ?? 'none'}) cannot make train ` +
        `${trainFraction}, validation ${validationFraction} and a test part with ${gapDays}-day gaps`,
    );
  }
  return {
    train: { from: dates[0], to: dates[trainCount - 1] },
    validation: { from: dates[validationStart], to: dates[validationEnd] },
    test: { from: dates[testStart], to: dates[n - 1] },
    gapDays,
  };
}

/** The part of `split` that an origin day belongs to. */
export function assignSplit(date: IsoDay, split: TimeSplit): SplitPart {
  if (within(date, split.train)) return 'train';
  if (within(date, split.validation)) return 'validation';
  if (within(date, split.test)) return 'test';
  return 'gap';
}

/**
 * The last origin whose whole target span is known on `cutoff` (the last day of data available):
 * `cutoff - horizon`. A walk-forward backtest trains on origins up to it and passes it as `trainThrough`.
 */
export function lastOriginWithKnownTargets(cutoff: IsoDay, horizon: number): IsoDay {
  if (!isIsoDay(cutoff)) {
    throw new FeaturesError('FEATURES_INVALID_ARGUMENT', `cut-off '${cutoff}' is not a YYYY-MM-DD day`);
  }
  assertInteger('horizon', horizon, 1);
  return addDays(cutoff, -horizon);
}

function within(date: IsoDay, range: DayRange): boolean {
  return date >= range.from && date <= range.to;
}

function firstIndexFrom(sorted: readonly IsoDay[], day: IsoDay): number {
  const i = sorted.findIndex((d) => d >= day);
  return i < 0 ? sorted.length : i;
}
