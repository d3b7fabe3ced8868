// Test fixtures: synthetic daily series where the right answer is known.
import { addDays, type Candle, type IsoDay } from '@cf/ohlcv';
import { mulberry32 } from '@cf/core';

/** Candles from closes: open = previous close, a small range around both, a random volume. */
function candlesFromCloses(symbol: string, from: IsoDay, closes: readonly number[], seed: number): Candle[] {
  const next = mulberry32(seed);
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1];
    return {
      date: addDays(from, i),
      symbol,
      open,
      high: Math.max(open, close) * (1 + 0.002 * next()),
      low: Math.min(open, close) * (1 - 0.002 * next()),
      close,
      volume: 1e6 * (1 + next()),
    };
  });
}

/** A pure random walk of log prices (steps of standard deviation `volatility`): nothing can beat persistence. */
export function randomWalkCandles(
  symbol: string,
  from: IsoDay,
  days: number,
  seed: number,
  volatility = 0.02,
): Candle[] {
  const next = mulberry32(seed);
  const closes: number[] = [];
  let close = 100;
  for (let i = 0; i < days; i++) {
    // Sum of 12 uniforms minus 6: mean 0, variance 1, close enough to normal.
    let z = -6;
    for (let j = 0; j < 12; j++) z += next();
    close *= Math.exp(volatility * z);
    closes.push(close);
  }
  return candlesFromCloses(symbol, from, closes, seed + 1);
}

/**
 * Log price `amplitude * sin(2 pi t / period)` plus a little noise: each day's return is set by the last few,
 * so a model that reads the window of log returns can forecast it, and persistence (or drift) cannot.
 */
export function patternCandles(
  symbol: string,
  from: IsoDay,
  days: number,
  seed: number,
  options: { period?: number; amplitude?: number; noise?: number } = {},
): Candle[] {
  const { period = 8, amplitude = 0.05, noise = 0.002 } = options;
  const next = mulberry32(seed);
  const phase = next() * 2 * Math.PI;
  const closes = Array.from(
    { length: days },
    (_, t) =>
      100 * Math.exp(amplitude * Math.sin((2 * Math.PI * t) / period + phase) + noise * (next() - 0.5)),
  );
  return candlesFromCloses(symbol, from, closes, seed + 1);
}
