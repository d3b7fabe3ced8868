import { loadSampleCandles } from '@cf/ohlcv/testing';
import { directionalAccuracy } from './direction';
import { MetricsError } from './errors';

describe('directionalAccuracy', () => {
  it('counts a hit when predicted and actual move the same way from the reference', () => {
    const reference = [100, 100, 100, 100];
    const actual = [105, 95, 101, 90];
    const predicted = [101, 98, 99, 80];

    expect(directionalAccuracy(reference, actual, predicted)).toBe(0.75);
  });

  it('treats a zero move as its own direction', () => {
    // flat prediction and flat actual: hit; flat prediction, actual up: miss; move predicted, actual flat: miss
    const reference = [50, 50, 50, 50];
    const actual = [50, 51, 50, 49];
    const predicted = [50, 50, 52, 50];

    expect(directionalAccuracy(reference, actual, predicted)).toBe(0.25);
  });

  it('scores persistence at the share of exactly flat days on real ETH data, never above', () => {
    const closes = loadSampleCandles('ETH', { from: '2022-01-01', to: '2023-12-31' }).map((c) => c.close);
    const reference = closes.slice(0, -1);
    const actual = closes.slice(1);

    const persistence = directionalAccuracy(reference, actual, reference);

    const flat = actual.filter((a, i) => a === reference[i]).length;
    expect(persistence).toBe(flat / actual.length);
    expect(persistence).toBeLessThan(0.01);
  });

  it('matches a plain count on real data for a momentum guess (yesterday move continues)', () => {
    // Prepare: source sample-data/yahoo/SOL-USD_1d.csv; predicted = close[t] + (close[t] - close[t-1]).
    const closes = loadSampleCandles('SOL', { from: '2023-01-01', to: '2023-12-31' }).map((c) => c.close);
    const reference = closes.slice(1, -1);
    const actual = closes.slice(2);
    const predicted = reference.map((c, i) => c + (c - closes[i]));

    // Act
    const accuracy = directionalAccuracy(reference, actual, predicted);

    // Assert: the same thing counted with explicit up/down/flat comparisons.
    let hits = 0;
    for (let i = 0; i < reference.length; i++) {
      const up = (x: number) => (x > reference[i] ? 'up' : x < reference[i] ? 'down' : 'flat');
      if (up(actual[i]) === up(predicted[i])) hits++;
    }
    expect(accuracy).toBe(hits / reference.length);
  });

  it('refuses series of different lengths', () => {
    expect(() => directionalAccuracy([1, 2], [1, 2], [1])).toThrow(MetricsError);
  });
});
