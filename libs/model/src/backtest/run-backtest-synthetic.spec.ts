// Runs on the tfjs wasm backend (tfjs-node is not installed here): small networks on synthetic series whose
// right answer is known, two assets of 420 days, a cut-off every 60 days over the last 200.
import { makeTempStore } from '@cf/storage/testing';
import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend } from '@cf/fast-rnn';
import type { BacktestRequest } from './backtest-request';
import { runBacktest } from './run-backtest';
import { patternCandles, randomWalkCandles, writeDatasets } from './test-support/synthetic-candles';
import type { Candle } from '@cf/ohlcv';

jest.setTimeout(30_000);

const TRAINING: BacktestRequest['training'] = {
  window: 8,
  horizon: 3,
  units: [16, 16],
  epochs: 12,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 5,
  seed: 3,
};

describe('runBacktest on synthetic series', () => {
  let tf: typeof tfTypes;

  beforeAll(async () => {
    ({ tf } = await initTfBackend());
  });

  const backtest = async (series: Record<string, Candle[]>, models: string[]) => {
    const { store, cleanup } = await makeTempStore();
    try {
      await writeDatasets(store, series);
      const { report } = await runBacktest(
        { tf, backend: 'wasm', data: { store, prefix: 'processed/daily/' } },
        { from: '2022-10-01', refitEvery: 60, models, audit: 'none', training: TRAINING },
      );
      return new Map(report.models.map((m) => [m.model, m.average.overall]));
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
      ['drift', 'dense/scale-free'],
    );

    expect(scores.get('persistence')?.ratio).toBe(1);
    for (const model of ['drift', 'dense/scale-free']) {
      expect(scores.get(model)?.ratio).toBeGreaterThan(0.97);
      expect(scores.get(model)?.ratio).toBeLessThan(1.1);
    }
  });

  it('lets a model that can read the pattern beat persistence and drift by far, significantly', async () => {
    const scores = await backtest(
      {
        AAA: patternCandles('AAA', '2022-01-01', 420, 11),
        BBB: patternCandles('BBB', '2022-01-01', 420, 23),
      },
      ['drift', 'dense/scale-free', 'lstm/scale-free'],
    );

    expect(scores.get('drift')?.ratio).toBeGreaterThan(0.9);
    for (const model of ['dense/scale-free', 'lstm/scale-free']) {
      expect(scores.get(model)?.ratio).toBeLessThan(0.3);
      expect(scores.get(model)?.dieboldMariano?.statistic).toBeLessThan(0);
      expect(scores.get(model)?.dieboldMariano?.pValue).toBeLessThan(0.01);
      expect(scores.get(model)?.directionalAccuracy).toBeGreaterThan(0.8);
    }
  });
});
