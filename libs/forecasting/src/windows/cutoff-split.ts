import { addDays, type IsoDay } from '@cf/ohlcv';
import type { TimeSplit } from '@cf/features';
import { InsufficientHistoryError } from '../errors';

/** Options of {@link planCutoffSplit}. */
export interface CutoffSplitOptions {
  /** The fit's cut-off; every origin date given has its targets on or before it. */
  readonly cutoff: IsoDay;
  /** Share of the distinct origin dates, the most recent ones, used for validation (at least one date). */
  readonly validationFraction: number;
  /** Days between train's last origin and validation's first: the horizon, so no training target reaches it. */
  readonly gapDays: number;
  /** Named in errors. */
  readonly model: string;
}

/**
 * The time split of a fit inside the data up to a cut-off: validation is the most recent
 * `max(1, floor(n * validationFraction))` distinct origin dates, train every date at least `gapDays + 1` days
 * before validation's first. The test part of the returned `TimeSplit` is the day after the cut-off, where no
 * training window can lie (the backtest's forecasts after the cut-off are its test). Throws
 * `InsufficientHistoryError` when no training date is left.
 *
 * @example
 * const split = planCutoffSplit(originDates, { cutoff: '2023-02-11', validationFraction: 0.15, gapDays: 7, model });
 */
export function planCutoffSplit(originDates: readonly IsoDay[], options: CutoffSplitOptions): TimeSplit {
  const { cutoff, validationFraction, gapDays, model } = options;
  const dates = [...new Set(originDates)].sort();
  const n = dates.length;
  const validationCount = Math.max(1, Math.floor(n * validationFraction));
  const validationFrom = dates[n - validationCount];
  const lastTrain = n > 0 ? addDays(validationFrom, -(gapDays + 1)) : '';
  const train = dates.filter((d) => d <= lastTrain);
  if (n === 0 || train.length === 0) {
    throw new InsufficientHistoryError(
      model,
      cutoff,
      `${n} window origin date(s) up to the cut-off cannot make a training part, a ${gapDays}-day gap and a validation part`,
    );
  }
  const test = addDays(cutoff, 1);
  return {
    train: { from: train[0], to: train[train.length - 1] },
    validation: { from: validationFrom, to: dates[n - 1] },
    test: { from: test, to: test },
    gapDays,
  };
}
