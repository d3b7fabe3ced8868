// Runs on the tfjs wasm backend (tfjs-node is not installed here): a tiny LSTM, two epochs, a year and a half of
// real BTC and ETH candles. Shows that nothing after a cut-off reaches features, scalers, early stopping or the
// forecasts of a neural model.
import { addDays, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend } from '@cf/fast-rnn';
import { freezeData, historyAt, originInputs, type OriginRef } from '../backtest/backtest-data';
import { eligibleOrigins } from '../backtest/eligible-origins';
import { perturbAfter } from '../backtest/perturb-future';
import type { TrainRequest } from '../training/train-forecaster-request';
import { FutureDataError, InsufficientHistoryError, ModelNotFittedError } from './forecasting-errors';
import { createNeuralModel } from './neural-model';

jest.setTimeout(30_000);

const TINY: TrainRequest = {
  architecture: 'lstm',
  featureSet: 'scale-free',
  window: 8,
  horizon: 3,
  units: [6, 4],
  epochs: 2,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 2,
  seed: 7,
};
const CUTOFF = '2023-06-30';
const UNTIL = '2023-07-31';

describe('neural forecasting model', () => {
  let tf: typeof tfTypes;
  const data = freezeData({
    BTC: loadSampleCandles('BTC', { from: '2022-06-01', to: '2023-12-31' }),
    ETH: loadSampleCandles('ETH', { from: '2022-09-01', to: '2023-12-31' }),
  });
  let origins: OriginRef[];

  beforeAll(async () => {
    ({ tf } = await initTfBackend());
  });
  beforeEach(() => {
    const model = createNeuralModel(tf, TINY);
    origins = [...eligibleOrigins(data, CUTOFF, UNTIL, 3, model.inputDays).origins];
  });

  it('splits, scales and stops early on data up to the cut-off only, validating on its most recent part', async () => {
    const model = createNeuralModel(tf, TINY);

    const fit = await model.fit(historyAt(data, CUTOFF, 'expanding'), { cutoff: CUTOFF });
    model.dispose();

    const neural = fit.neural;
    expect(fit).toMatchObject({ symbols: ['BTC', 'ETH'], dataFrom: '2022-06-01', dataThrough: CUTOFF });
    // The last origin whose 3 targets are known on the cut-off is the cut-off minus 3 days; it validates.
    expect(neural?.validation.to).toBe(addDays(CUTOFF, -3));
    // Train ends more than the horizon before validation starts: no training target reaches validation.
    expect(addDays(neural?.train.to ?? '', 3) < (neural?.validation.from ?? '')).toBe(true);
    // The scalers saw training rows and targets only.
    expect(neural?.scalersFittedThrough).toBe(neural?.train.to);
    expect(neural).toMatchObject({ gapDays: 3, epochsRun: 2, path: 'fast' });
    expect((neural?.validation.windows ?? 0) > 0 && (neural?.train.windows ?? 0) > 0).toBe(true);
  });

  it('gives identical fits and forecasts when everything after the cut-off (or the origin) is different', async () => {
    const real = createNeuralModel(tf, TINY);
    const other = createNeuralModel(tf, TINY);
    const future = perturbAfter(data, CUTOFF, 99);
    expect(future.BTC[future.BTC.length - 1].close).not.toBe(data.BTC[data.BTC.length - 1].close);

    const realFit = await real.fit(historyAt(data, CUTOFF, 'expanding'), { cutoff: CUTOFF });
    const otherFit = await other.fit(historyAt(future, CUTOFF, 'expanding'), { cutoff: CUTOFF });
    const realForecasts = await real.predict(originInputs(data, origins));
    const otherForecasts = await other.predict(originInputs(data, origins));
    const day = origins[Math.floor(origins.length / 2)].date;
    const afterDay = await real.predict(originInputs(perturbAfter(data, day, 5), origins));
    real.dispose();
    other.dispose();

    // Features, split, scalers (fittedThrough), early stopping (best epoch and loss): all equal.
    expect(otherFit).toEqual(realFit);
    expect(otherForecasts).toEqual(realForecasts);
    origins.forEach((o, i) => {
      if (o.date <= day) expect(afterDay[i]).toEqual(realForecasts[i]);
    });
    // The forecasts from origins after the perturbed day did change: the check has teeth.
    expect(afterDay.some((f, i) => origins[i].date > day && f[0] !== realForecasts[i][0])).toBe(true);
  });

  it('refuses a history that reaches past the cut-off instead of learning from it', async () => {
    const model = createNeuralModel(tf, TINY);

    const fit = model.fit({ BTC: data.BTC }, { cutoff: CUTOFF });

    await expect(fit).rejects.toThrow(FutureDataError);
    await expect(fit).rejects.toThrow(
      /lstm\/scale-free was handed a BTC candle of 2023-12-31, after its cut-off 2023-06-30/,
    );
    model.dispose();
  });

  it('needs inputDays consecutive candles before an origin, and a fit', async () => {
    const model = createNeuralModel(tf, TINY);
    const gappy: Candle[] = data.BTC.filter((c) => c.date !== '2023-07-10').filter(
      (c) => c.date <= '2023-07-12',
    );

    await expect(model.predict(originInputs(data, origins.slice(0, 1)))).rejects.toThrow(ModelNotFittedError);
    await model.fit(historyAt(data, CUTOFF, 'expanding'), { cutoff: CUTOFF });
    const predict = model.predict([{ symbol: 'BTC', candles: gappy }]);

    await expect(predict).rejects.toThrow(InsufficientHistoryError);
    await expect(predict).rejects.toThrow(
      `lstm/scale-free at 2023-07-12: BTC needs ${model.inputDays} consecutive daily candles`,
    );
    model.dispose();
    await expect(model.predict(originInputs(data, origins.slice(0, 1)))).rejects.toThrow(ModelNotFittedError);
  });
});
