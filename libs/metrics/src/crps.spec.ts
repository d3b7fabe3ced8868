import { crpsFromQuantiles, crpsLosses } from './crps';
import { normalCdf, normalPdf, normalQuantile } from './normal';

/** Closed-form CRPS of N(mean, sd²) for the outcome y (Gneiting & Raftery 2007). */
function crpsNormal(y: number, mean: number, sd: number): number {
  const z = (y - mean) / sd;
  return sd * (z * (2 * normalCdf(z) - 1) + 2 * normalPdf(z) - 1 / Math.sqrt(Math.PI));
}

function midpointLevels(k: number): number[] {
  return Array.from({ length: k }, (_, i) => (i + 0.5) / k);
}

describe('crpsFromQuantiles', () => {
  it('is twice the mean pinball loss', () => {
    expect(crpsFromQuantiles(105, [90, 100, 110], [0.1, 0.5, 0.9])).toBeCloseTo(3, 12);
  });

  it('tends to the closed-form CRPS of a normal forecast as midpoint levels get dense', () => {
    const levels99 = midpointLevels(99);
    const levels999 = midpointLevels(999);
    const [mean, sd] = [0.01, 0.04];

    for (const y of [-0.12, -0.04, 0.01, 0.03, 0.09]) {
      const exact = crpsNormal(y, mean, sd);
      const at99 = crpsFromQuantiles(
        y,
        levels99.map((l) => mean + sd * normalQuantile(l)),
        levels99,
      );
      const at999 = crpsFromQuantiles(
        y,
        levels999.map((l) => mean + sd * normalQuantile(l)),
        levels999,
      );

      expect(Math.abs(at99 / exact - 1)).toBeLessThan(1e-3);
      expect(Math.abs(at999 / exact - 1)).toBeLessThan(5e-5);
    }
  });

  it('matches the closed-form CRPS of a uniform forecast, y³/3 + (1 - y)³/3 (no library function involved)', () => {
    const levels = midpointLevels(2000);

    for (const y of [0, 0.2, 0.5, 0.93]) {
      const approx = crpsFromQuantiles(y, levels, levels); // U(0, 1): the τ quantile is τ
      expect(Math.abs(approx - (y ** 3 / 3 + (1 - y) ** 3 / 3))).toBeLessThan(1e-7);
    }
  });

  it('with the seven project levels is about 0.81 of the CRPS, in expectation under the forecast itself', () => {
    const levels = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
    const quantiles = levels.map(normalQuantile);
    const outcomes = midpointLevels(4000).map(normalQuantile); // y ~ N(0, 1), by its quantiles

    const expected =
      outcomes.reduce((s, y) => s + crpsFromQuantiles(y, quantiles, levels), 0) / outcomes.length;

    expect(expected / (1 / Math.sqrt(Math.PI))).toBeCloseTo(0.806, 3); // E CRPS(N(0,1), Y) = 1/√π
  });

  it('crpsLosses scores every point', () => {
    const losses = crpsLosses(
      [105, 80],
      [
        [90, 100, 110],
        [85, 95, 105],
      ],
      [0.1, 0.5, 0.9],
    );

    expect(losses[0]).toBeCloseTo(3, 12);
    expect(losses[1]).toBeCloseTo((2 * (4.5 + 7.5 + 2.5)) / 3, 12);
  });
});
