import { addDays, type IsoDay } from '@cf/ohlcv';

/** One refit: the cut-off and the origins it forecasts, `(cutoff, until]`. */
export interface CutoffPlan {
  readonly cutoff: IsoDay;
  /** The last origin forecast by this fit: the next cut-off, or `to`. */
  readonly until: IsoDay;
}

/**
 * Cut-offs every `refitEvery` days from `from` while before `to`; each forecasts the origins after it up to
 * the next cut-off (or `to`).
 *
 * @example
 * planCutoffs('2023-01-01', '2023-03-01', 30);
 * // [{ cutoff: '2023-01-01', until: '2023-01-31' }, { cutoff: '2023-01-31', until: '2023-03-01' }]
 */
export function planCutoffs(from: IsoDay, to: IsoDay, refitEvery: number): CutoffPlan[] {
  const plans: CutoffPlan[] = [];
  for (let cutoff = from; cutoff < to; cutoff = addDays(cutoff, refitEvery)) {
    const next = addDays(cutoff, refitEvery);
    plans.push({ cutoff, until: next < to ? next : to });
  }
  return plans;
}
