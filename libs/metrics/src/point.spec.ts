import { loadSampleCandles } from '@cf/ohlcv/testing';
import { persistencePath } from './baselines';
import { MetricsError } from './errors';
import { absoluteErrors, absolutePercentageErrors, mae, mape, mean, rmse, squaredErrors } from './point';

describe('point metrics', () => {
  it('match hand-computed values', () => {
    // actual - predicted = [-1, 3, -2, 0]
    const actual = [100, 110, 98, 105];
    const predicted = [101, 107, 100, 105];

    expect(absoluteErrors(actual, predicted)).toEqual([1, 3, 2, 0]);
    expect(squaredErrors(actual, predicted)).toEqual([1, 9, 4, 0]);
    expect(mae(actual, predicted)).toBe(1.5);
    expect(rmse(actual, predicted)).toBeCloseTo(Math.sqrt(14 / 4), 15);
    // MAPE is a fraction: (1/100 + 3/110 + 2/98 + 0) / 4
    expect(mape(actual, predicted)).toBeCloseTo((0.01 + 3 / 110 + 2 / 98) / 4, 15);
  });

  it('compose: mae is the mean of absolute errors, mape the mean of percentage errors', () => {
    const actual = [3, -4, 5.5];
    const predicted = [2.5, -3, 7];

    expect(mae(actual, predicted)).toBe(mean(absoluteErrors(actual, predicted)));
    expect(mape(actual, predicted)).toBe(mean(absolutePercentageErrors(actual, predicted)));
    expect(absolutePercentageErrors(actual, predicted)).toEqual([0.5 / 3, 1 / 4, 1.5 / 5.5]);
  });

  it('refuse mismatched, empty and non-finite input, and a zero actual for MAPE, with typed errors', () => {
    const codeOf = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        if (error instanceof MetricsError) return `${error.code}/${error.kind}: ${error.message}`;
      }
      return 'no MetricsError';
    };

    expect(codeOf(() => mae([1, 2], [1]))).toBe(
      'METRICS_LENGTH_MISMATCH/input: actual has 2 values but predicted has 1',
    );
    expect(codeOf(() => rmse([], []))).toBe('METRICS_EMPTY_INPUT/input: actual is empty');
    expect(codeOf(() => mae([1, NaN], [1, 2]))).toBe(
      'METRICS_NON_FINITE/input: actual[1] is NaN, not a finite number',
    );
    expect(codeOf(() => mape([1, 0], [1, 2]))).toMatch(/^METRICS_INVALID_ARGUMENT\/input: actual\[1\] is 0/);
  });

  it('on real BTC closes, persistence errors are exactly |close[t+h] - close[t]| (2023, h = 1..7)', () => {
    // Prepare: source sample-data/yahoo/BTC-USD_1d.csv.
    const closes = loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-12-31' }).map((c) => c.close);

    for (let h = 1; h <= 7; h++) {
      const origins = closes.slice(0, closes.length - h);
      const actual = closes.slice(h);
      const predicted = origins.map((close) => persistencePath(close, h)[h - 1]);

      // Act
      const errors = absoluteErrors(actual, predicted);
      const modelMae = mae(actual, predicted);

      // Assert: bit-identical errors; MAE against a plain running sum (tolerance 1e-12 relative).
      const byHand: number[] = [];
      for (let t = 0; t + h < closes.length; t++) byHand.push(Math.abs(closes[t + h] - closes[t]));
      expect(errors).toEqual(byHand);
      let sum = 0;
      for (const e of byHand) sum += e;
      expect(Math.abs(modelMae - sum / byHand.length) / modelMae).toBeLessThan(1e-12);
      expect(rmse(actual, predicted)).toBeGreaterThanOrEqual(modelMae);
    }
  });
});
