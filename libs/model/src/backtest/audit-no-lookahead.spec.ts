import { loadSampleCandles } from '@cf/ohlcv/testing';
import { type LocalObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend } from '@cf/fast-rnn';
import { createDriftModel } from '../forecasters/drift-model';
import type { ForecastingModel } from '../forecasters/forecasting-model';
import { createForecastingModel } from '../forecasters/model-names';
import { auditNoLookahead } from './audit-no-lookahead';
import { LookaheadError } from './backtest-errors';
import type { BacktestRequest } from './backtest-request';
import { runBacktest, type ForecastingModelFactory } from './run-backtest';
import { cachingModelFactory, peekingModel, sortingModel } from './test-support/leaky-models';
import { writeDatasets } from './test-support/synthetic-candles';

const CANDLES = {
  BTC: loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-12-31' }),
  ETH: loadSampleCandles('ETH', { from: '2023-01-01', to: '2023-12-31' }),
};
const REQUEST: BacktestRequest = {
  from: '2023-06-30',
  to: '2023-09-30',
  refitEvery: 30,
  models: ['drift'],
  training: { horizon: 3 },
};

describe('the no-lookahead audit', () => {
  let tf: typeof tfTypes;
  let store: LocalObjectStore;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ tf } = await initTfBackend());
    ({ store, cleanup } = await makeTempStore());
    await writeDatasets(store, CANDLES);
  });
  afterAll(() => cleanup());

  /** The usual models, plus `extra` under its own name. */
  const withModel =
    (extra: () => ForecastingModel): ForecastingModelFactory =>
    (name, request) =>
      name === extra().name ? extra() : createForecastingModel(tf, name, { ...request.training });
  const run = (createModel: ForecastingModelFactory, request: Partial<BacktestRequest>) =>
    runBacktest(
      { tf, backend: 'test', data: { store, prefix: 'processed/daily/' }, createModel },
      { ...REQUEST, ...request },
    );

  it('lets a model that reads the last close of the full series it was handed look like an oracle when off', async () => {
    const { report } = await run(
      withModel(() => peekingModel(3)),
      { models: ['test/peeking'], audit: 'none' },
    );

    const peeking = report.models.find((m) => m.model === 'test/peeking');
    // Far better than persistence: exactly what should make anyone distrust it.
    expect(peeking?.average.overall.ratio).toBeLessThan(0.9);
  });

  it.each([
    ['test/peeking', () => peekingModel(3)],
    ['test/sorting', () => sortingModel(3)],
  ])(
    'catches %s, which uses candles of later origins of its batch, at the first cut-off',
    async (name, make) => {
      const backtest = run(withModel(make), { models: [name] });

      await expect(backtest).rejects.toThrow(LookaheadError);
      await expect(backtest).rejects.toMatchObject({
        code: 'MODEL_BACKTEST_LOOKAHEAD',
        model: name,
        cutoff: '2023-06-30',
        stage: 'predict',
      });
      await expect(backtest).rejects.toThrow(
        new RegExp(`model ${name} looks ahead at cut-off 2023-06-30 \\(predict\\)`),
      );
    },
  );

  it('catches a model whose fit learns from candles another instance saw after the cut-off', async () => {
    const caching = cachingModelFactory(3);

    const backtest = run(withModel(caching), { models: ['test/caching'] });

    await expect(backtest).rejects.toMatchObject({
      model: 'test/caching',
      cutoff: '2023-06-30',
      stage: 'fit',
    });
    await expect(backtest).rejects.toThrow(/looks ahead at cut-off 2023-06-30 \(fit\): its fit changed/);
  });

  it('catches a leak that starts at a later cut-off when every cut-off is audited', async () => {
    const lateLeak = (): ForecastingModel => {
      const honest = createDriftModel(3);
      const leaky = peekingModel(3, 'test/late');
      let cutoff = '';
      return {
        ...honest,
        name: 'test/late',
        fit: (history, options) => ((cutoff = options.cutoff), honest.fit(history, options)),
        predict: (origins) => (cutoff >= '2023-08-01' ? leaky.predict(origins) : honest.predict(origins)),
      };
    };

    await expect(run(withModel(lateLeak), { models: ['test/late'] })).resolves.toBeDefined();
    await expect(run(withModel(lateLeak), { models: ['test/late'], audit: 'all' })).rejects.toMatchObject({
      model: 'test/late',
      cutoff: '2023-08-29',
    });
  });

  it('passes honest models, comparing every forecast and a few origin days spread over the period', async () => {
    const report = await auditNoLookahead({
      createModel: () => createDriftModel(3),
      data: CANDLES,
      cutoff: '2023-06-30',
      until: '2023-07-30',
    });

    expect(report).toEqual({
      model: 'drift',
      cutoff: '2023-06-30',
      forecastsChecked: 60,
      originDaysChecked: ['2023-07-01', '2023-07-15', '2023-07-29'],
    });
  });
});
