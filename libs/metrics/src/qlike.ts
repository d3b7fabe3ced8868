import { checkPair } from './checks';
import { MetricsError } from './errors';

/**
 * The QLIKE loss of a variance forecast (Patton 2011, normalized form):
 * `L(proxy, forecast) = proxy / forecast - ln(proxy / forecast) - 1`, >= 0 and 0 exactly when the forecast
 * equals the proxy. `proxy` is an unbiased proxy of the realized variance (e.g. the squared log return, or a
 * range-based variance); QLIKE ranks forecasts consistently under such noisy proxies and penalizes
 * under-prediction more than over-prediction. Both must be > 0: a zero proxy (an unchanged close with the
 * squared-return proxy) makes the loss infinite, so it is refused with an error naming it.
 *
 * @example
 * qlikeLoss(0.0004, 0.0004); // 0
 * qlikeLoss(0.0004, 0.0002); // 2 - ln 2 - 1 ≈ 0.307
 */
export function qlikeLoss(proxy: number, forecast: number): number {
  checkPositive('variance proxy', proxy);
  checkPositive('variance forecast', forecast);
  const ratio = proxy / forecast;
  return ratio - Math.log(ratio) - 1;
}

/** {@link qlikeLoss} for every point (`forecasts[i]` predicts the variance proxied by `proxies[i]`). */
export function qlikeLosses(proxies: readonly number[], forecasts: readonly number[]): number[] {
  checkPair('proxies', proxies, 'forecasts', forecasts);
  return proxies.map((proxy, i) => {
    checkPositive(`proxies[${i}]`, proxy);
    checkPositive(`forecasts[${i}]`, forecasts[i]);
    return qlikeLoss(proxy, forecasts[i]);
  });
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new MetricsError('METRICS_INVALID_ARGUMENT', `${name} ${value} is not a finite number > 0`);
  }
}
