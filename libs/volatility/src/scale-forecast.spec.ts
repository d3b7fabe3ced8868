import { normalQuantile, studentTQuantile } from '@cf/metrics';
import { scaleQuantiles, standardizedQuantile } from './scale-forecast';

describe('standardizedQuantile', () => {
  it('rescales Student t to unit variance: ∫ q(p)² dp = 1 (midpoint rule over 4000 levels, tails beyond them missing)', () => {
    const distribution = { family: 'student-t' as const, degreesOfFreedom: 8 };
    const m = 4000;

    let secondMoment = 0;
    for (let i = 0; i < m; i++) secondMoment += standardizedQuantile(distribution, (i + 0.5) / m) ** 2 / m;

    expect(secondMoment).toBeGreaterThan(0.995);
    expect(secondMoment).toBeLessThan(1);
    expect(standardizedQuantile(distribution, 0.9)).toBeCloseTo(
      studentTQuantile(0.9, 8) * Math.sqrt(6 / 8),
      14,
    );
  });

  it('is the standard normal quantile for the normal family, and refuses ν <= 2', () => {
    expect(standardizedQuantile({ family: 'normal' }, 0.95)).toBe(normalQuantile(0.95));
    expect(() => standardizedQuantile({ family: 'student-t', degreesOfFreedom: 2 }, 0.9)).toThrow(
      /> 2, got 2/,
    );
  });
});

describe('scaleQuantiles', () => {
  it('is center + sd × standardized quantile per horizon day', () => {
    const forecast = {
      variances: [0.0004, 0.0009],
      distributions: [{ family: 'normal' as const }, { family: 'student-t' as const, degreesOfFreedom: 5 }],
    };

    const q = scaleQuantiles(forecast, [0.1, 0.5, 0.9], [0.001, 0.002]);

    expect(q[0][0]).toBeCloseTo(0.001 + 0.02 * normalQuantile(0.1), 15);
    expect(q[0][1]).toBeCloseTo(0.001, 15);
    expect(q[1][2]).toBeCloseTo(0.002 + 0.03 * studentTQuantile(0.9, 5) * Math.sqrt(3 / 5), 15);
    expect(scaleQuantiles(forecast, [0.5])).toEqual([[0], [0]]);
  });

  it('reads each day at its own levels when given one set per day, and refuses sets that miss a day', () => {
    const forecast = {
      variances: [0.0004, 0.0009],
      distributions: [{ family: 'normal' as const }, { family: 'student-t' as const, degreesOfFreedom: 5 }],
    };

    const q = scaleQuantiles(forecast, [
      [0.1, 0.9],
      [0.2, 0.8],
    ]);

    expect(q[0]).toEqual(scaleQuantiles(forecast, [0.1, 0.9])[0]);
    expect(q[1]).toEqual(scaleQuantiles(forecast, [0.2, 0.8])[1]);
    expect(() => scaleQuantiles(forecast, [[0.1, 0.9]])).toThrow(
      /per-day levels cover 1 days, the forecast 2/,
    );
  });

  it('refuses mismatched centers and bad variances', () => {
    const forecast = { variances: [0.0004], distributions: [{ family: 'normal' as const }] };

    expect(() => scaleQuantiles(forecast, [0.5], [0, 0])).toThrow(/1 days has 1 distributions and 2 centers/);
    expect(() => scaleQuantiles({ ...forecast, variances: [-1] }, [0.5])).toThrow(/variance of day 1 is -1/);
  });
});
