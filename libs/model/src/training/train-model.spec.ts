// trainModel on synthetic series whose right answer is known (ridge can read the pattern, persistence cannot),
// with real stores on disk. Ridge and the baselines need no tfjs.
import { DEFAULT_TRAINING_PARAMETERS, type TrainingParameters } from '@cf/forecasting';
import { patternCandles } from '@cf/forecasting/testing';
import type { Candle } from '@cf/ohlcv';
import { listAll, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { runBacktest } from '../backtest/run-backtest';
import { modelKinds } from '../registry';
import { TINY_PARAMETERS, writeDatasets } from '../testing/model-version-fixture';
import { trainModel } from './train-model';

const PARAMETERS: TrainingParameters = {
  ...DEFAULT_TRAINING_PARAMETERS,
  ...TINY_PARAMETERS,
  model: 'ridge',
  symbols: ['AAA', 'BBB'],
  evaluationDays: 56,
  evaluationRefitEvery: 28,
};

// 2022-01-01 .. 2023-02-04
const SERIES: Record<string, Candle[]> = {
  AAA: patternCandles('AAA', '2022-01-01', 400, 11),
  BBB: patternCandles('BBB', '2022-01-01', 400, 23),
};

describe('trainModel', () => {
  const kinds = modelKinds();
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  async function storeWith(series: Record<string, Candle[]>): Promise<ObjectStore> {
    const temp = await makeTempStore();
    cleanups.push(temp.cleanup);
    await writeDatasets(temp.store, series);
    return temp.store;
  }
  const train = (store: ObjectStore, at: string, cutoff?: string) =>
    trainModel(
      { kinds, logger: { info: () => undefined }, clock: () => new Date(at), now: () => 0 },
      { parameters: PARAMETERS, ...(cutoff === undefined ? {} : { cutoff }) },
      { data: { store, prefix: 'processed/daily/' }, output: { store } },
    );

  it('judges the recipe on held-out origins exactly as the backtest scores the same origins', async () => {
    // prepare
    const store = await storeWith(SERIES);

    // act
    const { metadata } = await train(store, '2023-02-05T06:00:00Z');
    const { evaluation } = metadata;
    const { report } = await runBacktest(
      { kinds, backend: 'none', data: { store, prefix: 'processed/daily/' } },
      {
        from: evaluation.firstCutoff,
        to: evaluation.to,
        refitEvery: evaluation.refitEvery,
        models: ['drift', 'ridge'],
        audit: 'none',
        parameters: PARAMETERS,
      },
    );

    // assert: the cut-off is the last day of data, the window the last 56 days whose targets it knows
    expect(metadata.data.trainedThrough).toBe('2023-02-04');
    expect(evaluation).toMatchObject({ firstCutoff: '2022-12-07', from: '2022-12-08', to: '2023-02-01' });
    expect(evaluation.cutoffs).toEqual(['2022-12-07', '2023-01-04']);
    expect(evaluation.forecasts).toBe(2 * 56);
    for (const [role, model] of [
      ['candidate', 'ridge'],
      ['persistence', 'persistence'],
      ['drift', 'drift'],
    ]) {
      const stored = evaluation.models.find((m) => m.role === role)?.scores;
      const backtested = report.models.find((m) => m.model === model);
      expect(stored?.overall).toEqual(backtested?.overall);
      expect(stored?.byHorizonDay).toEqual(backtested?.byHorizonDay);
    }
    // and the pattern is read: far better than persistence, significantly
    const ridge = evaluation.models[0].scores.overall;
    expect(ridge.ratio).toBeLessThan(0.5);
    expect(ridge.dieboldMariano?.pValue).toBeLessThan(0.01);
  });

  it('replayed at an earlier clock never reads a later candle: poisoned later candles give the identical version', async () => {
    // prepare: the same history up to 2022-12-31; after it, one store holds the real candles, the other
    // candles a thousand times dearer (valid rows, so a reader that kept them would learn from them)
    const poison = (candles: Candle[]) =>
      candles.map((c) =>
        c.date <= '2022-12-31'
          ? c
          : { ...c, open: c.open * 1000, high: c.high * 1000, low: c.low * 1000, close: c.close * 1000 },
      );
    const honest = await storeWith(SERIES);
    const poisoned = await storeWith({ AAA: poison(SERIES.AAA), BBB: poison(SERIES.BBB) });

    // act: the clock of a replay on the morning of 2023-01-01 (CLOCK_NOW)
    const a = await train(honest, '2023-01-01T06:00:00Z');
    const b = await train(poisoned, '2023-01-01T06:00:00Z');

    // assert
    expect(a.metadata.data.trainedThrough).toBe('2022-12-31');
    expect(b.version).toBe(a.version);
    expect(b.metadata).toEqual(a.metadata);
    const files = async (store: ObjectStore) =>
      Promise.all(
        (await listAll(store, a.prefix)).map(async (o) => [o.key, (await store.get(o.key))?.toString()]),
      );
    expect(await files(poisoned)).toEqual(await files(honest));
  });

  it('stops at the requested cut-off, naming the version after it, and refuses to overwrite a version', async () => {
    // prepare
    const store = await storeWith(SERIES);

    // act
    const early = await train(store, '2023-02-05T06:00:00Z', '2022-11-30');
    const late = await train(store, '2023-02-05T06:00:00Z');

    // assert
    expect(early.metadata.data.trainedThrough).toBe('2022-11-30');
    expect(early.metadata.fit.report.dataThrough).toBe('2022-11-30');
    expect(early.version).not.toBe(late.version);
    await expect(train(store, '2023-02-05T06:00:00Z')).rejects.toMatchObject({
      code: 'MODEL_VERSION_EXISTS',
    });
  });
});
