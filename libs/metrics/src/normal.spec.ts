import { MetricsError } from './errors';
import { normalCdf, normalPdf, normalQuantile } from './normal';

describe('normal distribution', () => {
  it.each([
    // Φ to 16 digits, from standard references (e.g. Abramowitz & Stegun table 26.1, R pnorm)
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.959963984540054, 0.975],
    [3, 0.9986501019683699],
    [-5, 2.866515718791939e-7],
  ])('Φ(%f) = %f (relative 1e-13)', (x, p) => {
    expect(Math.abs(normalCdf(x) / p - 1)).toBeLessThan(1e-13);
  });

  it.each([
    [0.5, 0],
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.975, 1.959963984540054],
    [0.99, 2.3263478740408408],
    [0.999, 3.090232306167813],
    [0.05, -1.6448536269514722],
    [1e-10, -6.361340902404056],
  ])('Φ⁻¹(%f) = %f (absolute 1e-13)', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-13);
  });

  it('inverts its own CDF across levels, and the pdf integrates the CDF (Simpson, 1e-10)', () => {
    for (let p = 0.001; p < 1; p += 0.0137) {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-14);
    }
    const steps = 2000;
    const width = 2 / steps;
    let sum = normalPdf(-1) + normalPdf(1);
    for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * normalPdf(-1 + i * width);
    expect(Math.abs((sum * width) / 3 - (normalCdf(1) - normalCdf(-1)))).toBeLessThan(1e-10);
  });

  it('keeps the far lower tail (Φ(-30) ≈ 4.906713927148187e-198) and refuses levels outside (0, 1)', () => {
    expect(Math.abs(normalCdf(-30) / 4.906713927148187e-198 - 1)).toBeLessThan(1e-12);
    expect([normalCdf(-Infinity), normalCdf(Infinity)]).toEqual([0, 1]);
    for (const bad of [0, 1, -0.1, Number.NaN]) expect(() => normalQuantile(bad)).toThrow(MetricsError);
    expect(() => normalCdf(Number.NaN)).toThrow(/NaN/);
  });
});
