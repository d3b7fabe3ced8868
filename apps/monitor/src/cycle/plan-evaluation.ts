import { addDays, lastCompleteDay, type IsoDay } from '@cf/ohlcv';
import { listAll, type ObjectStore } from '@cf/storage';
import { createMarketData } from '../data/market-data';
import { lastObservedDay, MAX_EVALUATION_RANGE_DAYS } from '../evaluation/evaluate-day';
import { DAILY_METRICS_PREFIX, dayOfKey } from '../monitor-keys';

/** What the daily cycle evaluates: `range` (null when up to date or nothing to score) ending on `day`. */
export interface EvaluationPlan {
  /** The day the cycle reports on: the last complete day with actual closes (null: no data at all). */
  readonly day: IsoDay | null;
  readonly range: { readonly from: IsoDay; readonly to: IsoDay } | null;
  readonly reason: string;
}

/**
 * Plans the catch-up: every day after the last evaluated one (or after the first published forecast) up to
 * the last complete day at the clock that has actual closes, at most `MAX_EVALUATION_RANGE_DAYS` days.
 */
export async function planEvaluation(deps: {
  readonly store: ObjectStore;
  readonly clock: () => Date;
}): Promise<EvaluationPlan> {
  const observed = await lastObservedDay(createMarketData(deps.store));
  if (observed === undefined) return { day: null, range: null, reason: 'no processed dataset yet' };
  const complete = lastCompleteDay(deps.clock());
  const day = observed < complete ? observed : complete;
  const daily = await listAll(deps.store, DAILY_METRICS_PREFIX);
  const lastEvaluated = dayOfKey(daily[daily.length - 1]?.key ?? '');
  let from: IsoDay;
  if (lastEvaluated !== undefined) {
    from = addDays(lastEvaluated, 1);
  } else {
    const first = (await deps.store.list('predictions/dt=', { limit: 1 })).objects[0];
    const firstOrigin = first === undefined ? undefined : dayOfKey(first.key);
    if (firstOrigin === undefined) return { day, range: null, reason: 'no forecast published yet' };
    from = addDays(firstOrigin, 1);
  }
  const earliest = addDays(day, -(MAX_EVALUATION_RANGE_DAYS - 1));
  if (from < earliest) from = earliest;
  if (from > day) return { day, range: null, reason: `up to date: ${lastEvaluated ?? day} is evaluated` };
  return { day, range: { from, to: day }, reason: `evaluating ${from}..${day}` };
}
