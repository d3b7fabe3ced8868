import type { Candle, IsoDay } from '@cf/ohlcv';
import { mulberry32 } from '@cf/core';
import type { BacktestData } from './backtest-data';
import { countThrough } from './backtest-data';

/**
 * A copy of the data in which every candle dated after `day` is replaced by a different, valid candle on the
 * same day: a seeded random walk from the last close on or before `day` (daily log steps of about 20%, a
 * volume drawn at random), with `low <= open, close <= high`. Candles up to `day` are the same objects.
 * The dates (hence gaps and which origins exist) are unchanged, so anything computed from data up to `day`
 * must come out identical.
 */
export function perturbAfter(data: BacktestData, day: IsoDay, seed: number): BacktestData {
  const out: Record<string, readonly Candle[]> = {};
  Object.keys(data).forEach((symbol, s) => {
    const candles = data[symbol];
    const keep = countThrough(candles, day);
    const next = mulberry32((seed + 7919 * (s + 1)) >>> 0);
    let close = keep > 0 ? candles[keep - 1].close : candles[0].close;
    const noisy: Candle[] = candles.slice(0, keep);
    for (let i = keep; i < candles.length; i++) {
      const open = close;
      close = open * Math.exp(0.2 * (next() + next() + next() - 1.5));
      const high = Math.max(open, close) * (1 + 0.05 * next());
      const low = Math.min(open, close) * (1 - 0.05 * next());
      const volume = candles[i].volume * (0.2 + 3 * next());
      noisy.push(Object.freeze({ date: candles[i].date, symbol, open, high, low, close, volume }));
    }
    out[symbol] = Object.freeze(noisy);
  });
  return Object.freeze(out);
}
