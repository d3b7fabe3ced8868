// Test fixture: seeded geometric random walks as candles (calm or with a volatility shock).
import type { Candle } from '@cf/ohlcv';
import { syntheticCandles } from './fixtures';

/** A seeded uniform generator on [0, 1) (mulberry32). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Daily candles whose log returns are normal with standard deviation `volatility(i)` on day i. */
export function randomWalkCandles(
  symbol: string,
  from: string,
  days: number,
  options: { seed: number; volatility: (day: number) => number; start?: number },
): Candle[] {
  const uniform = seededUniform(options.seed);
  const closes = [options.start ?? 100];
  for (let i = 1; i < days; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    closes.push(closes[i - 1] * Math.exp(options.volatility(i) * z));
  }
  const volume = seededUniform(options.seed + 1000);
  return syntheticCandles(symbol, from, closes).map((c) => ({ ...c, volume: 1e6 * (1 + volume()) }));
}
