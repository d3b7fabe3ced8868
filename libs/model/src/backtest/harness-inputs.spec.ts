import { loadSampleCandles } from '@cf/ohlcv/testing';
import { makeTempStore } from '@cf/storage/testing';
import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend } from '@cf/fast-rnn';
import type { CandlesBySymbol, ForecastingModel, ForecastOrigin } from '../forecasters/forecasting-model';
import { runBacktest } from './run-backtest';
import { writeDatasets } from './test-support/synthetic-candles';

interface Seen {
  readonly cutoff: string;
  readonly history: CandlesBySymbol;
  batches: (readonly ForecastOrigin[])[];
}

describe('what runBacktest hands a model', () => {
  let tf: typeof tfTypes;

  beforeAll(async () => {
    ({ tf } = await initTfBackend());
  });

  it('gives each cut-off a fresh instance, frozen copies up to the cut-off (fit) and the origin (predict)', async () => {
    const { store, cleanup } = await makeTempStore();
    await writeDatasets(store, {
      BTC: loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-06-30' }),
      SOL: loadSampleCandles('SOL', { from: '2023-03-05', to: '2023-06-30' }),
    });
    const instances: Seen[] = [];
    const recording = (): ForecastingModel => {
      let seen: Seen | undefined;
      return {
        name: 'test/recording',
        horizon: 2,
        minTrainDays: 1,
        inputDays: 5,
        async fit(history, options) {
          expect(seen).toBeUndefined();
          seen = { cutoff: options.cutoff, history, batches: [] };
          instances.push(seen);
          // Mutating what it was handed cannot reach the harness: everything is frozen.
          expect(() => (history['BTC'] as unknown[]).pop()).toThrow(TypeError);
          expect(() => Object.assign(history['BTC'][0], { close: 1 })).toThrow(TypeError);
          return {
            symbols: Object.keys(history).sort(),
            dataFrom: '2023-01-01',
            dataThrough: options.cutoff,
          };
        },
        async predict(origins) {
          seen?.batches.push(origins);
          return origins.map(() => [0, 0]);
        },
        dispose() {
          seen = undefined;
        },
      };
    };

    const { report } = await runBacktest(
      {
        tf,
        backend: 'test',
        data: { store, prefix: 'processed/daily/' },
        createModel: (name, request) =>
          name === 'test/recording' ? recording() : recordingFree(name, request.training.horizon),
      },
      {
        from: '2023-03-01',
        to: '2023-06-28',
        refitEvery: 40,
        models: ['test/recording'],
        audit: 'none',
        training: { horizon: 2 },
      },
    );
    await cleanup();

    expect(instances.map((s) => s.cutoff)).toEqual(['2023-03-01', '2023-04-10', '2023-05-20']);
    for (const { cutoff, history, batches } of instances) {
      expect(batches).toHaveLength(1);
      for (const candles of Object.values(history)) {
        expect(Object.isFrozen(candles)).toBe(true);
        expect(candles[candles.length - 1].date <= cutoff).toBe(true);
      }
      for (const origin of batches[0]) {
        const day = origin.candles[origin.candles.length - 1].date;
        expect(day > cutoff && Object.isFrozen(origin.candles)).toBe(true);
        expect(origin.candles.every((c) => c.symbol === origin.symbol && c.date <= day)).toBe(true);
      }
    }
    // SOL has no candle at the first cut-off: it is left out of that fit, and forecast once it has 5 days.
    expect(Object.keys(instances[0].history)).toEqual(['BTC']);
    expect(Object.keys(instances[1].history)).toEqual(['BTC', 'SOL']);
    // BTC: origins 03-02..06-28; SOL: from 03-09, its fifth day.
    expect(report.origins.bySymbol).toEqual({ BTC: 119, SOL: 112 });
  });
});

function recordingFree(name: string, horizon: number): ForecastingModel {
  if (name !== 'persistence') throw new Error(`unexpected model ${name}`);
  return {
    name,
    horizon,
    minTrainDays: 1,
    inputDays: 1,
    fit: async (history, options) => ({
      symbols: Object.keys(history),
      dataFrom: '2023-01-01',
      dataThrough: options.cutoff,
    }),
    predict: async (origins) => origins.map(() => new Array<number>(horizon).fill(0)),
    dispose: () => undefined,
  };
}
