import { buildWindows, computeFeatures, fitModelScalers } from '@cf/features';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { OriginFeatures } from './origin-features';
import { originInputWarnings, scaledOriginInputs } from './origin-inputs';
import { requiredCandles } from './required-candles';

const WINDOW = 20;
const INPUT_DAYS = requiredCandles('scale-free', WINDOW);

function scalersFrom(through: string) {
  const frames = ['BTC', 'ETH'].map((s) =>
    computeFeatures(loadSampleCandles(s, { from: '2022-01-01', to: through }), 'scale-free'),
  );
  const windows = frames.map((frame) => buildWindows(frame, { window: WINDOW, horizon: 7 }));
  return fitModelScalers({ frames, windows, trainThrough: '2022-12-31' });
}

describe('OriginFeatures', () => {
  it("gives scaledOriginInputs' windows and originInputWarnings' flags, from remembered rows or without them", () => {
    // Prepare: origins on real candles, one in a volatile week (flagged at a low limit), scalers of 2022.
    const scalers = scalersFrom('2023-01-31');
    const origins = [
      { symbol: 'BTC', candles: loadSampleCandles('BTC', { from: '2022-06-01', to: '2023-03-10' }) },
      { symbol: 'ETH', candles: loadSampleCandles('ETH', { from: '2021-01-01', to: '2022-11-09' }) },
      { symbol: 'SOL', candles: loadSampleCandles('SOL', { from: '2023-05-01', to: '2023-09-30' }) },
    ];
    const features = new OriginFeatures('lstm/scale-free', INPUT_DAYS);

    // Act
    const inputs = features.inputs(origins, scalers);
    const warnings = origins.map((o) => features.warnings(o, scalers, 1));
    const uncached = origins.map((o) => new OriginFeatures('x', INPUT_DAYS).warnings(o, scalers, 1));

    // Assert
    const reference = scaledOriginInputs('lstm/scale-free', origins, scalers, INPUT_DAYS);
    expect(inputs.count).toBe(3);
    expect(Array.from(inputs.x)).toEqual(Array.from(reference.x));
    expect(inputs.closes).toEqual(reference.closes);
    const expected = origins.map((o) => originInputWarnings(o, scalers, INPUT_DAYS, 1));
    expect(warnings).toEqual(expected);
    expect(uncached).toEqual(expected);
    expect(expected.flat().length).toBeGreaterThan(0);
  });

  it('does not reuse a remembered row once the candles array has changed', () => {
    // Prepare
    const scalers = scalersFrom('2023-01-31');
    const candles = loadSampleCandles('BTC', { from: '2022-06-01', to: '2023-03-10' });
    const later = loadSampleCandles('BTC', { from: '2023-03-11', to: '2023-03-20' });
    const features = new OriginFeatures('lstm/scale-free', INPUT_DAYS);
    features.inputs([{ symbol: 'BTC', candles }], scalers);

    // Act: the same array, grown (a caller that mutates what it passed).
    candles.push(...later);
    const warnings = features.warnings({ symbol: 'BTC', candles }, scalers, 0.5);

    // Assert
    expect(warnings).toEqual(originInputWarnings({ symbol: 'BTC', candles }, scalers, INPUT_DAYS, 0.5));
  });
});
