import { QUANTILE_LEVELS, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { fitGarchT, forecastGarchT, naiveEmpiricalQuantiles, standardizedQuantile } from '@cf/volatility';
import { persistenceKind, ridgeKind } from '../kinds/core-kinds';
import { DEFAULT_TRAINING_PARAMETERS } from '../parameters/training-parameters';
import { createRecipeForecaster, loadRecipeForecaster, parseRecipe } from '../recipe';
import { SCALE_KINDS } from './scale-kinds';

const KINDS = [persistenceKind, ridgeKind, ...SCALE_KINDS];
const PARAMS = { ...DEFAULT_TRAINING_PARAMETERS, horizon: 7, lags: 5 };
const CUTOFF = '2023-12-31';
const history: Record<string, Candle[]> = {
  BTC: loadSampleCandles('BTC', { from: '2021-01-01', to: CUTOFF }),
  ETH: loadSampleCandles('ETH', { from: '2021-01-01', to: CUTOFF }),
};
const btcLater = loadSampleCandles('BTC', { from: '2021-01-01', to: '2024-02-01' });

async function fitted(name: string) {
  const model = await createRecipeForecaster(parseRecipe(name, KINDS), PARAMS, KINDS);
  await model.fit(history, { cutoff: CUTOFF });
  return model;
}

describe('scale kinds through the recipe', () => {
  it.each(['persistence+naive-empirical', 'persistence+ewma', 'persistence+garch', 'persistence+har'])(
    '%s forecasts increasing quantiles at every level and day, ranges widening with the horizon',
    async (name) => {
      // prepare
      const model = await fitted(name);

      // act
      const [forecast] = await model.predict([{ symbol: 'BTC', candles: btcLater }]);

      // assert
      expect(model.capabilities.quantileLevels).toEqual(QUANTILE_LEVELS);
      expect(forecast.returns).toEqual([0, 0, 0, 0, 0, 0, 0]);
      const q = forecast.logReturnQuantiles!;
      expect(q).toHaveLength(QUANTILE_LEVELS.length);
      for (let day = 0; day < 7; day++) {
        for (let k = 1; k < q.length; k++) expect(q[k][day]).toBeGreaterThan(q[k - 1][day]);
      }
      const width = (day: number) => q[q.length - 1][day] - q[0][day];
      expect(width(6)).toBeGreaterThan(width(0));
      // a daily 90% range of BTC is a few percent wide, not a hundredth nor a half
      expect(width(0)).toBeGreaterThan(0.02);
      expect(width(0)).toBeLessThan(0.3);
      model.dispose();
    },
  );

  it('persistence+naive-empirical is exactly the trailing year of h-day returns', async () => {
    // prepare
    const model = await fitted('persistence+naive-empirical');
    const closes = btcLater.map((c) => c.close);

    // act
    const [forecast] = await model.predict([{ symbol: 'BTC', candles: btcLater }]);

    // assert
    const expected = naiveEmpiricalQuantiles(closes, QUANTILE_LEVELS, { horizon: 7 });
    for (let day = 0; day < 7; day++) {
      expect(forecast.logReturnQuantiles!.map((byDay) => byDay[day])).toEqual(expected[day]);
    }
  });

  it('garch reads the fit at the cut-off, the history up to the origin, and calibrated levels when given', async () => {
    // prepare
    const model = await fitted('persistence+garch');
    const params = fitGarchT(history.BTC.map((c) => c.close));
    const closes = btcLater.slice(-400).map((c) => c.close);
    const wide = Array.from({ length: 7 }, () => [0.01, 0.03, 0.2, 0.5, 0.8, 0.97, 0.99]);

    // act
    const [nominal, calibrated] = await model.predict([
      { symbol: 'BTC', candles: btcLater },
      { symbol: 'BTC', candles: btcLater, levels: wide },
    ]);

    // assert: the one-day 5% quantile is the model's own, and calibrated levels read further out
    const forecast = forecastGarchT(params, closes, 7);
    const z = standardizedQuantile(forecast.distributions[0], 0.05);
    expect(nominal.logReturnQuantiles![0][0]).toBeCloseTo(Math.sqrt(forecast.variances[0]) * z, 12);
    expect(calibrated.logReturnQuantiles![0][0]).toBeLessThan(nominal.logReturnQuantiles![0][0]);
    expect(calibrated.logReturnQuantiles![6][6]).toBeGreaterThan(nominal.logReturnQuantiles![6][6]);
  });

  it('centres the ranges on the point path: ridge+garch is garch shifted by ridge cumulative log return', async () => {
    // prepare
    const combined = await fitted('ridge+garch');
    const ridge = await fitted('ridge');
    const garch = await fitted('persistence+garch');
    const origin = { symbol: 'ETH', candles: history.ETH };

    // act
    const [[both], [path], [range]] = await Promise.all(
      [combined, ridge, garch].map((m) => m.predict([origin])),
    );

    // assert
    expect(both.returns).toEqual(path.returns);
    let centre = 0;
    path.returns.forEach((r, day) => {
      centre += Math.log1p(r);
      both.logReturnQuantiles!.forEach((byDay, k) =>
        expect(byDay[day]).toBeCloseTo(centre + range.logReturnQuantiles![k][day], 12),
      );
    });
  });

  it('saves both parts and loads them back into identical forecasts', async () => {
    // prepare
    const model = await fitted('ridge+har');
    const files = await model.save();

    // act
    const loaded = await loadRecipeForecaster(parseRecipe('ridge+har', KINDS), PARAMS, files, KINDS);
    const origins = [{ symbol: 'BTC', candles: btcLater }];

    // assert
    expect([...files.keys()].sort()).toEqual(['point/state.json', 'scale/state.json']);
    expect(await loaded.predict(origins)).toEqual(await model.predict(origins));
    expect(loaded.historyDays).toBe(model.historyDays);
  });

  it('refuses an asset its fit never saw, and a state file that is not its own', async () => {
    // prepare
    const model = await fitted('persistence+garch');
    const files = new Map(await model.save());
    files.set('scale/state.json', new TextEncoder().encode('{"kind":"garch","symbols":{"BTC":{"alpha":2}}}'));

    // act + assert
    await expect(model.predict([{ symbol: 'SOL', candles: btcLater }])).rejects.toMatchObject({
      code: 'MODEL_FORECASTING_INSUFFICIENT_HISTORY',
      message: expect.stringContaining('no garch fit for SOL'),
    });
    await expect(
      loadRecipeForecaster(parseRecipe('persistence+garch', KINDS), PARAMS, files, KINDS),
    ).rejects.toMatchObject({ code: 'MODEL_FORECASTING_CORRUPT_STATE' });
  });
});
