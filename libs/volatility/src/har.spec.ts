import { fitHarRegression, forecastHarRegression, harMinDays, type HarRegression } from './har';
import { fitHar, forecastHar } from './har-range';
import { simulateDays, simulateHar } from './test-support/simulate';

const TRUE = { intercept: 2e-5, daily: 0.35, weekly: 0.3, monthly: 0.2 };

describe('fitHarRegression', () => {
  it.each([1, 2, 3])(
    'recovers the coefficients of a simulated HAR (5000 days, seed %i): daily ± 0.07, weekly and monthly ± 0.1, sum ± 0.05',
    (seed) => {
      const { variances } = simulateHar(TRUE, 5000, seed);

      const model = fitHarRegression(variances);

      expect(Math.abs(model.daily - TRUE.daily)).toBeLessThan(0.07);
      expect(Math.abs(model.weekly - TRUE.weekly)).toBeLessThan(0.1);
      expect(Math.abs(model.monthly - TRUE.monthly)).toBeLessThan(0.1);
      expect(Math.abs(model.daily + model.weekly + model.monthly - 0.85)).toBeLessThan(0.05);
      expect(model.intercept / TRUE.intercept).toBeGreaterThan(0.6);
      expect(model.intercept / TRUE.intercept).toBeLessThan(1.6);
      expect([model.weeklyDays, model.monthlyDays, model.n]).toEqual([7, 30, 4970]);
    },
  );

  it('needs monthly + 40 days and a monthly window longer than the weekly one', () => {
    const { variances } = simulateHar(TRUE, 80, 1);

    expect(harMinDays()).toBe(70);
    expect(() => fitHarRegression(variances.slice(0, 69))).toThrow(/at least 70 days, got 69/);
    expect(() => fitHarRegression(variances, { weekly: 7, monthly: 7 })).toThrow(/monthly 7/);
    expect(() => fitHarRegression(Array(80).fill(0))).toThrow(/every daily variance is 0/);
  });
});

describe('forecastHarRegression', () => {
  const model: HarRegression = {
    intercept: 1e-4,
    daily: 0.4,
    weekly: 0.3,
    monthly: 0.2,
    weeklyDays: 2,
    monthlyDays: 4,
    floor: 1e-6,
    n: 100,
  };

  it('iterates, feeding each forecast back as the newest day (worked by hand)', () => {
    const history = [9, 1, 2, 3, 4].map((v) => v * 1e-4); // only the last 4 days matter

    const [d1, d2] = forecastHarRegression(model, history, 2);

    // day 1: 1e-4 + 0.4·4 + 0.3·(3 + 4)/2 + 0.2·(1 + 2 + 3 + 4)/4 (in 1e-4) = 1 + 1.6 + 1.05 + 0.5 = 4.15
    expect(d1).toBeCloseTo(4.15e-4, 16);
    // day 2: 1 + 0.4·4.15 + 0.3·(4 + 4.15)/2 + 0.2·(2 + 3 + 4 + 4.15)/4 = 1 + 1.66 + 1.2225 + 0.6575 = 4.54
    expect(d2).toBeCloseTo(4.54e-4, 16);
  });

  it('keeps forecasts at or above the floor', () => {
    const falling = { ...model, intercept: -1, floor: 3e-6 };

    expect(forecastHarRegression(falling, [1e-4, 1e-4, 1e-4, 1e-4], 3)).toEqual([3e-6, 3e-6, 3e-6]);
  });

  it('refuses a malformed stored model', () => {
    expect(() => forecastHarRegression({ ...model, daily: Number.NaN }, [1, 1, 1, 1], 1)).toThrow(
      /malformed/,
    );
    expect(() => forecastHarRegression(model, [1, 1, 1], 1)).toThrow(/at least 4 days, got 3/);
  });
});

describe('fitHar / forecastHar on simulated candles', () => {
  it('tracks the true conditional variance of the next day and rescales ranges to close-to-close returns', () => {
    const { variances, expected } = simulateHar(TRUE, 1500, 7);
    const days = simulateDays(variances, 100, 107);
    const upTo = (t: number) => ({
      open: days.open.slice(0, t),
      high: days.high.slice(0, t),
      low: days.low.slice(0, t),
      close: days.close.slice(0, t),
    });

    const params = fitHar(upTo(1200));
    const forecasts: number[] = [];
    const truth: number[] = [];
    for (let t = 1200; t < 1500; t++) {
      forecasts.push(forecastHar(params, upTo(t), 1).variances[0]);
      truth.push(expected[t]);
    }

    const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;
    const [mf, mt] = [mean(forecasts), mean(truth)];
    const covariance = mean(forecasts.map((f, i) => (f - mf) * (truth[i] - mt)));
    const correlation =
      covariance /
      Math.sqrt(mean(forecasts.map((f) => (f - mf) ** 2)) * mean(truth.map((x) => (x - mt) ** 2)));
    // 100 steps a day: the range reads about 13 % low, which returnScale undoes
    expect(params.returnScale).toBeGreaterThan(1.05);
    expect(params.returnScale).toBeLessThan(1.25);
    expect(mf / mt).toBeGreaterThan(0.9);
    expect(mf / mt).toBeLessThan(1.1);
    expect(correlation).toBeGreaterThan(0.5);
  });

  it('sums the scaled daily forecasts into h-day return variances with a normal shape', () => {
    const { variances } = simulateHar(TRUE, 200, 3);
    const days = simulateDays(variances, 50, 4);
    const params = fitHar(days, { estimator: 'garman-klass', weekly: 5, monthly: 22 });

    const forecast = forecastHar(params, days, 7);
    const daily = forecastHarRegression(
      params,
      days.high.map((h, i) => {
        const u = Math.log(h / days.low[i]);
        const c = Math.log(days.close[i] / days.open[i]);
        return 0.5 * u * u - (2 * Math.LN2 - 1) * c * c;
      }),
      7,
    );

    let cumulative = 0;
    daily.forEach((v, k) => {
      cumulative += params.returnScale * v;
      expect(forecast.variances[k]).toBeCloseTo(cumulative, 15);
    });
    expect(params.estimator).toBe('garman-klass');
    expect(forecast.distributions).toEqual(Array(7).fill({ family: 'normal' }));
  });
});
