// Runs on the tfjs wasm backend (tfjs-node is not installed here): small networks on synthetic series whose
// right answer is known, two assets of 420 days, a cut-off every 60 days over the last 200.
import { DEFAULT_TRAINING_PARAMETERS, type TrainingParameters } from '@cf/forecasting';
import { patternCandles, randomWalkCandles } from '@cf/forecasting/testing';
import type { Candle } from '@cf/ohlcv';
import { makeTempStore } from '@cf/storage/testing';
import { modelKinds } from '../registry';
import { writeDatasets } from '../testing/model-version-fixture';
import { runBacktest } from './run-backtest';

jest.setTimeout(60_000);

const PARAMETERS: TrainingParameters = {
  ...DEFAULT_TRAINING_PARAMETERS,
  window: 8,
  horizon: 3,
  units: [16, 16],
  epochs: 12,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 5,
  seed: 3,
  lags: 8,
};

describe('runBacktest on synthetic series', () => {
  const kinds = modelKinds();

  const backtest = async (series: Record<string, Candle[]>, models: string[]) => {
    const { store, cleanup } = await makeTempStore();
    try {
      await writeDatasets(store, series);
      const { report } = await runBacktest(
        { kinds, backend: 'wasm', data: { store, prefix: 'processed/daily/' } },
        { from: '2022-10-01', refitEvery: 60, models, audit: 'none', parameters: PARAMETERS },
      );
      return new Map(report.models.map((m) => [m.model, m.overall]));
    } finally {
      await cleanup();
    }
  };

  it('finds nothing that beats persistence by much on a pure random walk', async () => {
    const scores = await backtest(
      {
        AAA: randomWalkCandles('AAA', '2022-01-01', 420, 11),
        BBB: randomWalkCandles('BBB', '2022-01-01', 420, 23),
      },
      ['drift', 'ridge', 'dense/scale-free'],
    );

    expect(scores.get('persistence')?.ratio).toBe(1);
    for (const model of ['drift', 'ridge', 'dense/scale-free']) {
      expect(scores.get(model)?.ratio).toBeGreaterThan(0.97);
      expect(scores.get(model)?.ratio).toBeLessThan(1.1);
    }
  });

  it('lets models that can read the pattern beat persistence and drift by far, significantly', async () => {
    const scores = await backtest(
      {
        AAA: patternCandles('AAA', '2022-01-01', 420, 11),
        BBB: patternCandles('BBB', '2022-01-01', 420, 23),
      },
      ['drift', 'ridge', 'dense/scale-free', 'lstm/scale-free'],
    );

    expect(scores.get('drift')?.ratio).toBeGreaterThan(0.9);
    for (const model of ['ridge', 'dense/scale-free', 'lstm/scale-free']) {
      expect(scores.get(model)?.ratio).toBeLessThan(0.3);
      expect(scores.get(model)?.dieboldMariano?.statistic).toBeLessThan(0);
      expect(scores.get(model)?.dieboldMariano?.pValue).toBeLessThan(0.01);
      expect(scores.get(model)?.directionalAccuracy).toBeGreaterThan(0.8);
    }
  });
});
