import { dayShapes, loadSampleCandles, SAMPLE_SYMBOLS, syntheticSampleAssets } from './testing';
import { validateCandles } from './validate';

describe('syntheticSampleAssets', () => {
  it('makes valid, distinct daily histories ending on the given day, the same for the same seed', () => {
    const assets = syntheticSampleAssets(20, { seed: 3, days: 500, to: '2024-02-11' });

    expect(assets.map((a) => a.symbol)).toEqual(
      Array.from({ length: 20 }, (_, i) => `SYN${String(i + 1).padStart(4, '0')}`),
    );
    for (const { candles } of assets) {
      expect(candles).toHaveLength(500);
      expect(candles[0].date).toBe('2022-09-30');
      expect(candles[499].date).toBe('2024-02-11');
      expect(validateCandles(candles, { today: '2024-02-12' }).rejected).toEqual([]);
    }
    expect(syntheticSampleAssets(20, { seed: 3, days: 500 })).toEqual(assets);
    expect(syntheticSampleAssets(20, { seed: 4, days: 500 })[0].candles).not.toEqual(assets[0].candles);
  });

  it('resamples the bundled daily log returns: same mean and spread within sampling error', () => {
    const pool = dayShapes(SAMPLE_SYMBOLS.map((s) => loadSampleCandles(s))).map((d) => d.logReturn);
    const drawn = syntheticSampleAssets(50, { seed: 9, days: 1000 }).flatMap(({ candles }) =>
      candles.slice(1).map((c, i) => Math.log(c.close / candles[i].close)),
    );
    const stats = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      return { mean, sd };
    };
    const real = stats(pool);
    const synthetic = stats(drawn);

    // 49,950 draws: the standard error of the mean is sd / sqrt(n), about 0.0002 here; allow 4 of them.
    expect(Math.abs(synthetic.mean - real.mean)).toBeLessThan((4 * real.sd) / Math.sqrt(drawn.length));
    expect(Math.abs(synthetic.sd / real.sd - 1)).toBeLessThan(0.05);
  });
});
