import { checkCloses } from './checks';

/**
 * Daily log returns `r_t = ln(close_t / close_{t-1})` of consecutive daily closes (one fewer than closes).
 * Throws a `VolatilityError` naming the first close that is not a finite number > 0.
 *
 * @example
 * logReturns([100, 110, 99]); // [ln 1.1, ln 0.9]
 */
export function logReturns(closes: readonly number[]): number[] {
  checkCloses(closes, 1, 'logReturns');
  const out = new Array<number>(closes.length - 1);
  for (let t = 1; t < closes.length; t++) out[t - 1] = Math.log(closes[t] / closes[t - 1]);
  return out;
}
