import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { CandlesBySymbol, Forecaster, ForecastOrigin } from '../forecaster';
import { createPersistenceModel } from '../kinds/persistence-model';
import { freezeData } from './backtest-data';
import { walkForward } from './walk-forward';

interface Seen {
  readonly cutoff: string;
  readonly history: CandlesBySymbol;
  readonly warmStart: Forecaster | undefined;
  batches: (readonly ForecastOrigin[])[];
}

const DATA = freezeData({
  BTC: loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-06-30' }),
  SOL: loadSampleCandles('SOL', { from: '2023-03-05', to: '2023-06-30' }),
});

/** A forecaster that records what the harness hands it. */
function recording(instances: Seen[], warmStart: boolean): Forecaster {
  const base = createPersistenceModel({ horizon: 2 });
  let seen: Seen | undefined;
  const self: Forecaster = {
    ...base,
    name: 'test/recording',
    inputDays: 5,
    capabilities: { ...base.capabilities, warmStart },
    async fit(history, context) {
      expect(seen).toBeUndefined();
      seen = { cutoff: context.cutoff, history, warmStart: context.warmStart, batches: [] };
      instances.push(seen);
      // Mutating what it was handed cannot reach the harness: everything is frozen.
      expect(() => (history['BTC'] as unknown[]).pop()).toThrow(TypeError);
      expect(() => Object.assign(history['BTC'][0], { close: 1 })).toThrow(TypeError);
      return base.fit(history, context);
    },
    async predict(origins) {
      seen?.batches.push(origins);
      return base.predict(origins);
    },
  };
  return self;
}

const plan = (instances: Seen[], warmStart: boolean) => ({
  data: DATA,
  models: ['persistence', 'test/recording'],
  create: (name: string) =>
    name === 'test/recording' ? recording(instances, warmStart) : createPersistenceModel({ horizon: 2 }),
  horizon: 2,
  from: '2023-03-01',
  to: '2023-06-28',
  refitEvery: 40,
  windowMode: 'expanding' as const,
  audit: 'none' as const,
  seed: 1,
  warmStart,
});

describe('walkForward: what the harness hands a model', () => {
  it('gives each cut-off a fresh instance, frozen copies up to the cut-off (fit) and the origin (predict)', async () => {
    const instances: Seen[] = [];

    const run = await walkForward(plan(instances, false));

    expect(instances.map((s) => s.cutoff)).toEqual(['2023-03-01', '2023-04-10', '2023-05-20']);
    for (const { cutoff, history, batches, warmStart } of instances) {
      expect(warmStart).toBeUndefined();
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
    const origins = run.periods.flatMap((p) => p.origins);
    // BTC: origins 03-02..06-28; SOL: from 03-09, its fifth day.
    expect(origins.filter((o) => o.symbol === 'BTC')).toHaveLength(119);
    expect(origins.filter((o) => o.symbol === 'SOL')).toHaveLength(112);
  });

  it('with warm starts hands each fit the previous cut-off fitted instance of the same model', async () => {
    const instances: Seen[] = [];

    await walkForward(plan(instances, true));

    expect(instances[0].warmStart).toBeUndefined();
    expect(instances[1].warmStart).toBeDefined();
    expect(instances[2].warmStart).toBeDefined();
    expect(instances[2].warmStart).not.toBe(instances[1].warmStart);
  });

  it('refits from scratch kinds that cannot continue, even when warm starts are asked for', async () => {
    const instances: Seen[] = [];
    const noWarm = { ...plan(instances, true), create: () => recording(instances, false) };

    await walkForward(noWarm);

    expect(instances.every((s) => s.warmStart === undefined)).toBe(true);
  });
});
