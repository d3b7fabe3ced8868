import { assertInteger, FeaturesError } from './errors';

/** Names of the target columns: `return_d1` .. `return_d{horizon}`, the simple return of each day's close. */
export function targetNames(horizon: number): string[] {
  assertInteger('horizon', horizon, 1);
  return Array.from({ length: horizon }, (_, k) => `return_d${k + 1}`);
}

/**
 * The price path of daily simple returns compounded from the origin's close:
 * `price[k] = originClose * (1 + r[0]) * ... * (1 + r[k])`. The inverse of the window targets.
 */
export function returnsToPrices(originClose: number, returns: ArrayLike<number>): number[] {
  if (!(Number.isFinite(originClose) && originClose > 0)) {
    throw new FeaturesError('FEATURES_NON_FINITE', `origin close ${originClose} is not a positive price`);
  }
  const prices: number[] = [];
  let price = originClose;
  for (let k = 0; k < returns.length; k++) {
    price *= 1 + returns[k];
    prices.push(price);
  }
  return prices;
}
