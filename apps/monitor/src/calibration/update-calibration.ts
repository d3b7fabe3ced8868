import { absorbTargetDay, createCalibrationState, type CalibrationOutcome } from '@cf/forecasting';
import { readCalibration, writeCalibration, findPromotedMetadata } from '@cf/model';
import type { IsoDay } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import type { DailyMetrics } from '../evaluation/daily-metrics';

/** What a calibration update did. */
export interface CalibrationUpdate {
  /** The recipe calibrated (the live one), or null when it forecasts no ranges. */
  readonly model: string | null;
  /** Target days absorbed now, in order (days absorbed before are skipped). */
  readonly absorbed: readonly IsoDay[];
  /** The last target day the state has absorbed. */
  readonly through: IsoDay | null;
}

/**
 * Moves the live recipe's calibration state (`monitoring/calibration/{recipe}.json`) forward over evaluated
 * days, in date order: each day's scored steps of that recipe's forecasts that carry ranges give their
 * outcome and the quantiles that were published. Days the state has already absorbed are skipped, so
 * re-running a day, or a replay over the same store, changes nothing. Infer reads the state to publish the
 * next ranges at the calibrated levels.
 */
export async function updateCalibration(
  deps: { readonly store: ObjectStore; readonly logger: Logger },
  days: readonly DailyMetrics[],
): Promise<CalibrationUpdate> {
  const live = await findPromotedMetadata(deps.store);
  if (live === undefined || !live.model.includes('+')) return { model: null, absorbed: [], through: null };
  let state =
    (await readCalibration(deps.store, live.model)) ?? createCalibrationState(live.model, live.horizon);
  const absorbed: IsoDay[] = [];
  for (const daily of [...days].sort((a, b) => (a.targetDate < b.targetDate ? -1 : 1))) {
    if (state.through !== null && daily.targetDate <= state.through) continue;
    const outcomes: CalibrationOutcome[] = Object.values(daily.bySymbol).flatMap((group) =>
      group.steps
        .filter((s) => s.model === live.model && s.range !== undefined && s.horizonDay <= state.horizon)
        .map((s) => ({
          symbol: s.symbol,
          horizonDay: s.horizonDay,
          target: s.targetDate,
          outcome: s.range?.outcome ?? 0,
          issued: s.range?.quantiles ?? [],
        })),
    );
    state = absorbTargetDay(state, daily.targetDate, outcomes);
    absorbed.push(daily.targetDate);
  }
  if (absorbed.length > 0) {
    await writeCalibration(deps.store, state);
    deps.logger.info(
      { model: live.model, absorbed: absorbed.length, through: state.through },
      'calibration state moved forward',
    );
  }
  return { model: live.model, absorbed, through: state.through };
}
