import { loadSampleCandles } from '@cf/ohlcv/testing';
import { driftPath, persistencePath, ratioToPersistence } from './baselines';
import { MetricsError } from './errors';

describe('baselines', () => {
  it('persistence repeats the last close for every step', () => {
    expect(persistencePath(42.5, 3)).toEqual([42.5, 42.5, 42.5]);
    expect(() => persistencePath(42.5, 0)).toThrow(/horizon 0/);
    expect(() => persistencePath(NaN, 2)).toThrow(MetricsError);
  });

  it('drift extends the line through the first and last value', () => {
    expect(driftPath([100, 90, 104], 3)).toEqual([106, 108, 110]);
    expect(driftPath([5, 5], 2)).toEqual([5, 5]);
  });

  it('drift on real BTC closes equals last + h * mean daily change, computed from the differences', () => {
    // Prepare: source sample-data/yahoo/BTC-USD_1d.csv, 90 days to 2024-02-11.
    const history = loadSampleCandles('BTC', { from: '2023-11-14', to: '2024-02-11' }).map((c) => c.close);
    const changes = history.slice(1).map((c, i) => c - history[i]);
    const meanChange = changes.reduce((s, c) => s + c, 0) / changes.length;

    // Act
    const path = driftPath(history, 7);

    // Assert: tolerance 1e-9 relative (the two routes round differently).
    expect(history).toHaveLength(90);
    path.forEach((value, i) => {
      const expected = history[89] + (i + 1) * meanChange;
      expect(Math.abs(value - expected) / expected).toBeLessThan(1e-9);
    });
  });

  it('drift needs two values of history', () => {
    expect(() => driftPath([1], 1)).toThrow(expect.objectContaining({ code: 'METRICS_TOO_SHORT' }));
    expect(() => driftPath([], 1)).toThrow(expect.objectContaining({ code: 'METRICS_EMPTY_INPUT' }));
  });

  it('ratio to persistence divides, and refuses a zero persistence MAE', () => {
    expect(ratioToPersistence(3, 4)).toBe(0.75);
    expect(ratioToPersistence(0, 4)).toBe(0);
    expect(() => ratioToPersistence(3, 0)).toThrow(
      expect.objectContaining({ code: 'METRICS_INVALID_ARGUMENT' }),
    );
    expect(() => ratioToPersistence(3, 0)).toThrow(/persistenceMae > 0, got 3 and 0/);
    expect(() => ratioToPersistence(Infinity, 1)).toThrow(
      expect.objectContaining({ code: 'METRICS_NON_FINITE' }),
    );
  });
});
