import { addDays, type Candle } from '@cf/ohlcv';
import { computeFeatures, type FeatureSetName } from '@cf/features';

const warmUpBySet = new Map<FeatureSetName, number>();
const PROBE_DAYS = 128;

/**
 * Days of candles a feature set consumes before its first complete row (e.g. 14 for RSI 14). Measured once
 * per set by computing the features over a synthetic series, so it follows `@cf/features` exactly.
 */
export function featureWarmUpDays(featureSet: FeatureSetName): number {
  let days = warmUpBySet.get(featureSet);
  if (days === undefined) {
    const probe: Candle[] = Array.from({ length: PROBE_DAYS }, (_, i) => {
      const close = 100 + 10 * Math.sin(i / 3) + (i % 5);
      return {
        date: addDays('2000-01-01', i),
        symbol: 'PROBE',
        open: close - 1,
        high: close + 2,
        low: close - 3,
        close,
        volume: 1000 + 7 * (i % 11),
      };
    });
    days = PROBE_DAYS - computeFeatures(probe, featureSet).rows.length;
    warmUpBySet.set(featureSet, days);
  }
  return days;
}

/**
 * How many consecutive daily candles a forecast needs: the feature set's warm-up plus the model's window.
 *
 * @example
 * requiredCandles('scale-free', 60); // 74: 14 days of warm-up (RSI 14, SMA 14) + 60
 */
export function requiredCandles(featureSet: FeatureSetName, window: number): number {
  return featureWarmUpDays(featureSet) + window;
}
