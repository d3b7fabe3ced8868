import { loadSampleCandles } from '@cf/ohlcv/testing';
import { LookaheadError } from '../errors';
import type { Forecaster } from '../forecaster';
import { createDriftModel } from '../kinds/drift-model';
import { createPersistenceModel } from '../kinds/persistence-model';
import {
  cachingModelFactory,
  peekingModel,
  sortingModel,
  worldReadingModel,
} from '../test-support/leaky-models';
import { scorePoints } from '../scoring/score-forecasts';
import { auditNoLookahead } from './audit-no-lookahead';
import { forecastPoints } from './build-backtest-report';
import { freezeData, type BacktestData } from './backtest-data';
import type { AuditMode } from './backtest-request';
import { walkForward, type ForecasterFactory } from './walk-forward';

const DATA = freezeData({
  BTC: loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-12-31' }),
  ETH: loadSampleCandles('ETH', { from: '2023-01-01', to: '2023-12-31' }),
});

/** Persistence and drift, plus `extra` under its own name. */
const withModel =
  (name: string, extra: (world: BacktestData) => Forecaster): ForecasterFactory =>
  (model, world) =>
    model === name
      ? extra(world)
      : model === 'drift'
        ? createDriftModel({ horizon: 3 })
        : createPersistenceModel({ horizon: 3 });

const run = (create: ForecasterFactory, models: string[], audit: AuditMode = 'first') =>
  walkForward({
    data: DATA,
    models: ['persistence', ...models],
    create,
    horizon: 3,
    from: '2023-06-30',
    to: '2023-09-30',
    refitEvery: 30,
    windowMode: 'expanding',
    audit,
    seed: 1,
    warmStart: false,
  });

describe('the no-lookahead audit', () => {
  it('lets a model that reads later candles of its batch look like an oracle when off', async () => {
    const { forecasts } = await run(
      withModel('test/peeking', () => peekingModel(3)),
      ['test/peeking'],
      'none',
    );

    const peeking = scorePoints('test/peeking', forecastPoints(forecasts.get('test/peeking') ?? []), 3);
    // Far better than persistence: exactly what should make anyone distrust it.
    expect(peeking.overall.ratio).toBeLessThan(0.5);
  });

  it.each([
    ['test/peeking', () => peekingModel(3)],
    ['test/sorting', () => sortingModel(3)],
  ])(
    'catches %s, which uses candles of later origins of its batch, at the first cut-off',
    async (name, make) => {
      const backtest = run(withModel(name, make), [name]);

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

  it('fails the fit stage on a planted leak: a fit that reads the world past its cut-off', async () => {
    const name = 'test/world';

    const backtest = run(
      withModel(name, (world) => worldReadingModel(3, world, name)),
      [name],
    );

    await expect(backtest).rejects.toMatchObject({ model: name, cutoff: '2023-06-30', stage: 'fit' });
    await expect(backtest).rejects.toThrow(/looks ahead at cut-off 2023-06-30 \(fit\): the forecast of/);
  });

  it('catches a model whose fit learns from candles another instance saw after the cut-off', async () => {
    const caching = cachingModelFactory(3);

    const backtest = run(withModel('test/caching', caching), ['test/caching']);

    await expect(backtest).rejects.toMatchObject({
      model: 'test/caching',
      cutoff: '2023-06-30',
      stage: 'fit',
    });
    await expect(backtest).rejects.toThrow(/looks ahead at cut-off 2023-06-30 \(fit\): its fit changed/);
  });

  it('catches a leak that starts at a later cut-off when every cut-off is audited', async () => {
    const lateLeak = (): Forecaster => {
      const honest = createDriftModel({ horizon: 3 });
      const leaky = peekingModel(3, 'test/late');
      let cutoff = '';
      return {
        ...honest,
        name: 'test/late',
        fit: (history, context) => ((cutoff = context.cutoff), honest.fit(history, context)),
        predict: (origins) => (cutoff >= '2023-08-01' ? leaky.predict(origins) : honest.predict(origins)),
      };
    };

    await expect(run(withModel('test/late', lateLeak), ['test/late'])).resolves.toBeDefined();
    await expect(run(withModel('test/late', lateLeak), ['test/late'], 'all')).rejects.toMatchObject({
      model: 'test/late',
      cutoff: '2023-08-29',
    });
  });

  it('passes honest models, comparing every forecast and a few origin days spread over the period', async () => {
    const report = await auditNoLookahead({
      createModel: () => createDriftModel({ horizon: 3 }),
      data: DATA,
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
