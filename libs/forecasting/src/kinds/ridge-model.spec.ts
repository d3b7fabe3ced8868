import { addDays, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { patternCandles, randomWalkCandles } from '../test-support/synthetic-candles';
import { createRidgeModel, RIDGE_PENALTIES } from './ridge-model';
import { multiply, normalEquations, solveRidge } from './linear-algebra';

const PARAMS = { horizon: 3, lags: 5, validationFraction: 0.15 };

describe('ridge linear algebra', () => {
  it('solves (XᵀX + λI) B = XᵀY: the residual of the normal equations is zero (hand-checkable 2x2)', () => {
    // X = [[1, 2], [3, 4], [5, 7]], y = [[1], [2], [4]].
    const x = [1, 2, 3, 4, 5, 7];
    const y = [1, 2, 4];
    const { gram, rhs } = normalEquations(x, y, 3, 2, 1);
    expect(Array.from(gram)).toEqual([35, 49, 49, 69]);
    expect(Array.from(rhs)).toEqual([27, 38]);

    const b = solveRidge(gram, rhs, 2, 1, 0.5);

    // (G + 0.5 I) b = r, checked by multiplying back.
    expect(35.5 * b[0] + 49 * b[1]).toBeCloseTo(27, 10);
    expect(49 * b[0] + 69.5 * b[1]).toBeCloseTo(38, 10);
    expect(Array.from(multiply([1, 1], b, 1, 2, 1))[0]).toBeCloseTo(b[0] + b[1], 12);
  });
});

describe('ridge model', () => {
  it('learns a pattern persistence cannot, choosing its penalty by validation and refitting on every window', async () => {
    const history = {
      A: patternCandles('A', '2022-01-01', 500, 1),
      B: patternCandles('B', '2022-01-01', 500, 2),
    };
    const cutoff = addDays('2022-01-01', 440);
    const train = Object.fromEntries(
      Object.entries(history).map(([s, c]) => [s, c.filter((d) => d.date <= cutoff)]),
    );
    const model = createRidgeModel(PARAMS);

    const report = await model.fit(train, { cutoff });
    const origins = Object.entries(history).flatMap(([symbol, candles]) =>
      candles
        .map((_, i) => i)
        .filter((i) => candles[i].date > cutoff && i + 3 < candles.length)
        .map((i) => ({ symbol, candles: candles.slice(0, i + 1) })),
    );
    const forecasts = await model.predict(origins);

    expect(RIDGE_PENALTIES).toContain(report.chosen.penalty);
    expect(Object.keys(report.details.validationLossByPenalty as object)).toHaveLength(
      RIDGE_PENALTIES.length,
    );
    let modelError = 0;
    let persistenceError = 0;
    origins.forEach((o, i) => {
      const all = history[o.symbol as 'A' | 'B'];
      const close = o.candles[o.candles.length - 1].close;
      const actual = all[o.candles.length].close;
      modelError += Math.abs(close * (1 + forecasts[i].returns[0]) - actual);
      persistenceError += Math.abs(close - actual);
    });
    expect(modelError / persistenceError).toBeLessThan(0.5);
  });

  it('shrinks towards persistence on a random walk: no skill, but no harm either', async () => {
    const history = { A: randomWalkCandles('A', '2021-01-01', 700, 3) };
    const model = createRidgeModel(PARAMS);
    await model.fit(history, { cutoff: history.A[699].date });

    const [forecast] = await model.predict([{ symbol: 'A', candles: history.A }]);

    for (const r of forecast.returns) expect(Math.abs(r)).toBeLessThan(0.01);
  });

  it('uses a chosen penalty without validating, and loads back from its state with identical forecasts', async () => {
    const candles: Candle[] = loadSampleCandles('BTC', { from: '2022-01-01', to: '2023-12-31' });
    const model = createRidgeModel(PARAMS);

    const report = await model.fit({ BTC: candles }, { cutoff: '2023-12-31', chosen: { penalty: 10 } });
    const loaded = createRidgeModel(PARAMS, await model.save());
    const origins = [{ symbol: 'BTC', candles }];

    expect(report.chosen).toEqual({ penalty: 10 });
    expect(report.details.validationLossByPenalty).toBeUndefined();
    expect(await loaded.predict(origins)).toEqual(await model.predict(origins));
  });

  it('refuses a state with the wrong shape, naming the file', () => {
    const files = new Map([
      ['state.json', new TextEncoder().encode('{"penalty":1,"coefficients":[1],"scalers":{}}')],
    ]);

    expect(() => createRidgeModel(PARAMS, files)).toThrow(/model ridge: state.json has unusable scalers/);
  });
});
