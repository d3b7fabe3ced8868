// Deliberately leaky forecasters: the no-lookahead audit must catch each of them.
import type { Candle } from '@cf/ohlcv';
import type { BacktestData } from '../backtest/backtest-data';
import { originDay, type Forecaster, type ForecastOrigin, type OriginForecast } from '../forecaster';
import { createPersistenceModel } from '../kinds/persistence-model';

const flat = (horizon: number, r: number): OriginForecast => ({
  returns: new Array<number>(horizon).fill(r),
});

/**
 * Reads the full series it was handed: for every origin, the longest series of that symbol in its batch (that of
 * the latest origin), and from it the actual closes after the origin, which it forecasts exactly when they are
 * there. An oracle, so it "beats" persistence by far when nothing audits it.
 */
export function peekingModel(horizon: number, name = 'test/peeking'): Forecaster {
  const base = createPersistenceModel({ horizon });
  return {
    ...base,
    name,
    async predict(origins: readonly ForecastOrigin[]) {
      const longest = new Map<string, readonly Candle[]>();
      for (const o of origins) {
        const seen = longest.get(o.symbol);
        if (seen === undefined || o.candles.length > seen.length) longest.set(o.symbol, o.candles);
      }
      return origins.map((o) => {
        const full = longest.get(o.symbol) ?? o.candles;
        const at = o.candles.length - 1;
        return {
          returns: Array.from({ length: horizon }, (_, k) => {
            const from = full[at + k];
            const to = full[at + k + 1];
            return to === undefined ? 0 : to.close / from.close - 1;
          }),
        };
      });
    },
  };
}

/**
 * Pools every candle it is handed in a batch, sorts them by date, and forecasts each origin's first target day
 * from the pooled candle that follows the origin: it sorts its way into the future.
 */
export function sortingModel(horizon: number, name = 'test/sorting'): Forecaster {
  const base = createPersistenceModel({ horizon });
  return {
    ...base,
    name,
    async predict(origins: readonly ForecastOrigin[]) {
      const pooled = new Map<string, Candle>();
      for (const o of origins) for (const c of o.candles) pooled.set(`${c.symbol} ${c.date}`, c);
      const sorted = [...pooled.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      return origins.map((o) => {
        const day = originDay(o);
        const close = o.candles[o.candles.length - 1].close;
        const following = sorted.find((c) => c.symbol === o.symbol && c.date > day);
        return flat(horizon, following === undefined ? 0 : following.close / close - 1);
      });
    },
  };
}

/**
 * The planted leak of the fit stage: a forecaster created in a world (the harness's data) that fits its level on
 * the world's last close of each symbol, whatever the cut-off: the history it is handed stops at the cut-off,
 * but the world it captured does not. Forecasts move every close to that level over the horizon.
 */
export function worldReadingModel(horizon: number, world: BacktestData, name = 'test/world'): Forecaster {
  const base = createPersistenceModel({ horizon });
  const level = new Map<string, number>();
  return {
    ...base,
    name,
    async fit(history, context) {
      const report = await base.fit(history, context);
      for (const symbol of Object.keys(history)) {
        const all = world[symbol];
        level.set(symbol, all[all.length - 1].close);
      }
      return report;
    },
    async predict(origins) {
      return origins.map((o) => {
        const close = o.candles[o.candles.length - 1].close;
        return flat(horizon, ((level.get(o.symbol) ?? close) / close - 1) / horizon);
      });
    },
  };
}

/**
 * Keeps, across instances, the longest history it has been handed per symbol (a "memoised data" cache shared by
 * every instance, as a module-level cache would be) and fits its level on it: a later fit learns from candles a
 * previous instance saw while forecasting, past the later fit's cut-off.
 */
export function cachingModelFactory(horizon: number, name = 'test/caching'): () => Forecaster {
  const cache = new Map<string, readonly Candle[]>();
  const remember = (symbol: string, candles: readonly Candle[]) => {
    const seen = cache.get(symbol);
    if (seen === undefined || candles.length > seen.length) cache.set(symbol, candles);
  };
  return () => {
    const base = createPersistenceModel({ horizon });
    const level = new Map<string, number>();
    return {
      ...base,
      name,
      async fit(history) {
        for (const [symbol, candles] of Object.entries(history)) remember(symbol, candles);
        const symbols = [...cache.keys()].sort();
        for (const s of symbols) {
          const candles = cache.get(s) ?? [];
          level.set(s, candles[candles.length - 1].close);
        }
        const all = symbols.flatMap((s) => cache.get(s) ?? []);
        const dates = all.map((c) => c.date).sort();
        return { symbols, dataFrom: dates[0], dataThrough: dates[dates.length - 1], chosen: {}, details: {} };
      },
      async predict(origins) {
        for (const o of origins) remember(o.symbol, o.candles);
        return origins.map((o) => {
          const close = o.candles[o.candles.length - 1].close;
          return flat(horizon, ((level.get(o.symbol) ?? close) / close - 1) / horizon);
        });
      },
    };
  };
}
