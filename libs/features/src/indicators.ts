import { assertInteger } from './errors';

// Every indicator returns an array of the input's length, NaN where it is not defined yet (warm-up).
// Inputs are expected finite; a NaN inside a rolling window makes that window's value NaN, and a NaN fed to
// a recursive indicator (EMA, RSI) makes every later value NaN, so bad data shows instead of hiding.

/** Simple return against the previous value: `v[t] / v[t-1] - 1`; index 0 is NaN (pandas `pct_change`). */
export function pctChange(values: readonly number[]): number[] {
  const out = new Array<number>(values.length).fill(NaN);
  for (let t = 1; t < values.length; t++) out[t] = values[t] / values[t - 1] - 1;
  return out;
}

/** Log return against the previous value: `ln(v[t] / v[t-1])`; index 0 is NaN. */
export function logReturns(values: readonly number[]): number[] {
  const out = new Array<number>(values.length).fill(NaN);
  for (let t = 1; t < values.length; t++) out[t] = Math.log(values[t] / values[t - 1]);
  return out;
}

/**
 * Log change of a non-negative series guarded against zeros: `ln(1 + v[t]) - ln(1 + v[t-1])`; index 0 is NaN.
 * For volumes in the thousands or more (the bundled data is quote volume in USD, 1e6 to 1e11) the `+ 1` is
 * far below float noise, so it equals `ln(v[t] / v[t-1])`; a zero-volume day gives a finite value instead of
 * -Infinity (and 0 when both days are zero).
 */
export function logVolumeChange(volumes: readonly number[]): number[] {
  const out = new Array<number>(volumes.length).fill(NaN);
  for (let t = 1; t < volumes.length; t++) out[t] = Math.log1p(volumes[t]) - Math.log1p(volumes[t - 1]);
  return out;
}

/** Simple moving average of the last `n` values (pandas `rolling(n).mean()`); the first `n - 1` are NaN. */
export function sma(values: readonly number[], n: number): number[] {
  assertInteger('SMA period', n, 1);
  const out = new Array<number>(values.length).fill(NaN);
  // Summing each window afresh (n is small) keeps values independent of the series' earlier history.
  for (let t = n - 1; t < values.length; t++) {
    let sum = 0;
    for (let i = t - n + 1; i <= t; i++) sum += values[i];
    out[t] = sum / n;
  }
  return out;
}

/**
 * Exponential moving average as pandas `ewm(span=n, adjust=False).mean()`: `alpha = 2 / (n + 1)`,
 * `ema[0] = v[0]`, `ema[t] = (1 - alpha) * ema[t-1] + alpha * v[t]`. Defined from index 0 (no warm-up), so
 * early values lean on the first input; its weight decays as `(1 - alpha)^t` (below 1e-7 after 60 days
 * for n = 7).
 */
export function ema(values: readonly number[], n: number): number[] {
  assertInteger('EMA span', n, 1);
  return ewmAdjustFalse(values, 2 / (n + 1));
}

/**
 * Rolling sample standard deviation of the last `n` values, ddof = 1 (pandas `rolling(n).std()`): the first
 * `n - 1` values are NaN, and any NaN inside a window makes that value NaN. `n` must be at least 2.
 */
export function rollingStd(values: readonly number[], n: number): number[] {
  assertInteger('rolling std period', n, 2);
  const out = new Array<number>(values.length).fill(NaN);
  for (let t = n - 1; t < values.length; t++) {
    let sum = 0;
    for (let i = t - n + 1; i <= t; i++) sum += values[i];
    const mean = sum / n;
    let squares = 0;
    for (let i = t - n + 1; i <= t; i++) squares += (values[i] - mean) ** 2;
    out[t] = Math.sqrt(squares / (n - 1));
  }
  return out;
}

/**
 * Relative strength index with Wilder's smoothing, 0..100.
 *
 * With `d[t] = v[t] - v[t-1]`, `gain[t] = max(d[t], 0)`, `loss[t] = max(-d[t], 0)` for t >= 1, the averages
 * are pandas `ewm(alpha=1/n, adjust=False)` of gains and losses started at t = 1
 * (`avg[1] = x[1]`, `avg[t] = (1 - 1/n) * avg[t-1] + x[t] / n`), and
 * `rsi[t] = 100 - 100 / (1 + avgGain[t] / avgLoss[t])`.
 * The value is defined once `n` changes have been seen, from index `n` (pandas `min_periods=n` on the
 * change series); indices 0..n-1 are NaN. Edge cases: `avgLoss = 0` with `avgGain > 0` (only gains so far)
 * gives 100; `avgGain = 0` with `avgLoss > 0` (only losses) gives 0; both 0 (a flat series) gives 50, the
 * neutral value, where the ratio itself is undefined.
 */
export function rsi(values: readonly number[], n = 14): number[] {
  assertInteger('RSI period', n, 1);
  const out = new Array<number>(values.length).fill(NaN);
  const alpha = 1 / n;
  let avgGain = NaN;
  let avgLoss = NaN;
  for (let t = 1; t < values.length; t++) {
    const change = values[t] - values[t - 1];
    const gain = change > 0 ? change : change <= 0 ? 0 : NaN;
    const loss = change < 0 ? -change : change >= 0 ? 0 : NaN;
    avgGain = t === 1 ? gain : (1 - alpha) * avgGain + alpha * gain;
    avgLoss = t === 1 ? loss : (1 - alpha) * avgLoss + alpha * loss;
    if (t >= n) out[t] = rsiFromAverages(avgGain, avgLoss);
  }
  return out;
}

function rsiFromAverages(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : avgGain > 0 ? 100 : NaN;
  return 100 - 100 / (1 + avgGain / avgLoss);
}

function ewmAdjustFalse(values: readonly number[], alpha: number): number[] {
  const out = new Array<number>(values.length);
  for (let t = 0; t < values.length; t++) {
    out[t] = t === 0 ? values[0] : (1 - alpha) * out[t - 1] + alpha * values[t];
  }
  return out;
}
