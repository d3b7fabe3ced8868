import { addDays, type Candle } from '@cf/ohlcv';
import { createDriftModel } from './drift-model';
import { FutureDataError, InsufficientHistoryError, ModelNotFittedError } from '../errors';
import { createPersistenceModel } from './persistence-model';

function candle(symbol: string, date: string, close: number): Candle {
  return { date, symbol, open: close, high: close, low: close, close, volume: 1 };
}

function series(symbol: string, from: string, closes: readonly number[]): Candle[] {
  return closes.map((close, i) => candle(symbol, addDays(from, i), close));
}

describe('persistence model', () => {
  it('forecasts zero returns for every origin and reports the history it was given', async () => {
    const model = createPersistenceModel({ horizon: 3 });
    const history = {
      BTC: series('BTC', '2024-01-01', [100, 101, 102]),
      ETH: series('ETH', '2024-01-02', [10, 11]),
    };

    const fit = await model.fit(history, { cutoff: '2024-01-03' });
    const forecasts = await model.predict([
      { symbol: 'BTC', candles: history.BTC },
      { symbol: 'ETH', candles: history.ETH },
    ]);

    expect(fit).toEqual({
      symbols: ['BTC', 'ETH'],
      dataFrom: '2024-01-01',
      dataThrough: '2024-01-03',
      chosen: {},
      details: {},
    });
    expect(forecasts).toEqual([{ returns: [0, 0, 0] }, { returns: [0, 0, 0] }]);
    expect(model).toMatchObject({ name: 'persistence', horizon: 3, minTrainDays: 1, inputDays: 1 });
  });

  it('refuses a history with a candle after its cut-off, naming the model, cut-off and day', async () => {
    const model = createPersistenceModel({ horizon: 3 });

    const fit = model.fit({ BTC: series('BTC', '2024-01-01', [1, 2, 3]) }, { cutoff: '2024-01-02' });

    await expect(fit).rejects.toThrow(FutureDataError);
    await expect(fit).rejects.toThrow(
      /persistence was handed a BTC candle of 2024-01-03, after its cut-off 2024-01-02/,
    );
  });
});

describe('drift model', () => {
  it('forecasts exp(mean daily log return) - 1 per symbol, a geometric random walk with drift (hand-computed)', async () => {
    const model = createDriftModel({ horizon: 2 });
    // BTC: ln(121 / 100) over 2 days -> mu = ln(1.1), daily return 0.1. ETH has a missing day: 3 days for ln(8/1).
    const history = {
      BTC: series('BTC', '2024-01-01', [100, 130, 121]),
      ETH: [candle('ETH', '2024-01-01', 1), candle('ETH', '2024-01-02', 3), candle('ETH', '2024-01-04', 8)],
    };

    const fit = await model.fit(history, { cutoff: '2024-01-04' });
    const [{ returns: btc }, { returns: eth }] = await model.predict([
      { symbol: 'BTC', candles: history.BTC },
      { symbol: 'ETH', candles: history.ETH },
    ]);

    expect(fit.symbols).toEqual(['BTC', 'ETH']);
    expect(btc[0]).toBeCloseTo(0.1, 12);
    expect(btc[1]).toBeCloseTo(0.1, 12);
    expect(eth[0]).toBeCloseTo(2 - 1, 12); // 8 = 1 * 2^3
    // The price path from a close C compounds to C * exp(mu * k): BTC day 2 = C * 1.21.
    expect(121 * (1 + btc[0]) * (1 + btc[1])).toBeCloseTo(121 * 1.21, 9);
  });

  it('needs a fit, and two candles of a symbol, before forecasting it', async () => {
    const model = createDriftModel({ horizon: 2 });
    const history = { BTC: series('BTC', '2024-01-01', [100, 101]), SOL: series('SOL', '2024-01-02', [5]) };

    await expect(model.predict([{ symbol: 'BTC', candles: history.BTC }])).rejects.toThrow(
      ModelNotFittedError,
    );
    const fit = await model.fit(history, { cutoff: '2024-01-02' });

    expect(fit.symbols).toEqual(['BTC']);
    await expect(model.predict([{ symbol: 'SOL', candles: history.SOL }])).rejects.toThrow(
      InsufficientHistoryError,
    );
    await expect(model.predict([{ symbol: 'SOL', candles: history.SOL }])).rejects.toThrow(
      /no drift for SOL/,
    );
    await expect(
      createDriftModel({ horizon: 2 }).fit({ SOL: history.SOL }, { cutoff: '2024-01-02' }),
    ).rejects.toThrow(InsufficientHistoryError);
  });
});

describe('saving and loading the baselines', () => {
  it('gives a drift model back from its state.json with the same forecasts', async () => {
    const model = createDriftModel({ horizon: 2 });
    const history = { BTC: series('BTC', '2024-01-01', [100, 130, 121]) };
    await model.fit(history, { cutoff: '2024-01-03' });
    const origins = [{ symbol: 'BTC', candles: history.BTC }];

    const loaded = createDriftModel({ horizon: 2 }, await model.save());

    expect(await loaded.predict(origins)).toEqual(await model.predict(origins));
  });

  it('refuses a drift state without finite drifts, naming the file', () => {
    const files = new Map([['state.json', new TextEncoder().encode('{"drift":{"BTC":"x"}}')]]);

    expect(() => createDriftModel({ horizon: 2 }, files)).toThrow(
      /model drift: state.json has no 'drift' map of finite numbers by symbol/,
    );
  });
});
