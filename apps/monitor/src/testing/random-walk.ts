// Test fixture: seeded geometric random walks as candles (calm or with a volatility shock).
import { mulberry32 } from '@cf/core';
import type { Candle } from '@cf/ohlcv';
import { syntheticCandles } from './fixtures';

/** Daily candles whose log returns are normal with standard deviation `volatility(i)` on day i. */
export function randomWalkCandles(
  symbol: string,
  from: string,
  days: number,
  options: { seed: number; volatility: (day: number) => number; start?: number },
): Candle[] {
  const uniform = mulberry32(options.seed);
  const closes = [options.start ?? 100];
  for (let i = 1; i < days; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    closes.push(closes[i - 1] * Math.exp(options.volatility(i) * z));
  }
  const volume = mulberry32(options.seed + 1000);
  return syntheticCandles(symbol, from, closes).map((c) => ({ ...c, volume: 1e6 * (1 + volume()) }));
}
