// Test-only: reads the bundled real Yahoo Finance candles (sample-data/yahoo, see its README) without
// depending on @cf/ohlcv's CSV reader, so these tests stand on their own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Candle } from '@cf/ohlcv';

const YAHOO_DIR = join(__dirname, '..', '..', '..', '..', 'sample-data', 'yahoo');

/** The five bundled assets, each with a different first day. */
export const SAMPLE_SYMBOLS = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'] as const;

const cache = new Map<string, readonly Candle[]>();

/** Every daily candle of `symbol` from `sample-data/yahoo/{symbol}-USD_1d.csv` (columns Date,Close,High,Low,Open,Volume). */
export function sampleCandles(symbol: (typeof SAMPLE_SYMBOLS)[number]): readonly Candle[] {
  const cached = cache.get(symbol);
  if (cached) return cached;
  const lines = readFileSync(join(YAHOO_DIR, `${symbol}-USD_1d.csv`), 'utf8')
    .trim()
    .split('\n');
  if (lines[0].trim() !== 'Date,Close,High,Low,Open,Volume') throw new Error(`unexpected header ${lines[0]}`);
  const candles = lines.slice(1).map((line): Candle => {
    const [date, close, high, low, open, volume] = line.trim().split(',');
    return { date, symbol, open: +open, high: +high, low: +low, close: +close, volume: +volume };
  });
  const frozen = Object.freeze(candles.map((c) => Object.freeze(c)));
  cache.set(symbol, frozen);
  return frozen;
}

/** A synthetic daily series starting at `first`: close follows `closeAt(t)`, other fields derived from it. */
export function syntheticCandles(
  first: string,
  count: number,
  closeAt: (t: number) => number,
  symbol = 'SYN',
): Candle[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, t) => {
    const close = closeAt(t);
    return {
      date: new Date(start + t * 86_400_000).toISOString().slice(0, 10),
      symbol,
      open: close * 0.99,
      high: close * 1.02,
      low: close * 0.97,
      close,
      volume: 1_000_000 + 1000 * t,
    };
  });
}

/** Asserts that `act` throws a FeaturesError with `code` whose message matches `message`. */
export function expectFeaturesError(act: () => unknown, code: string, message: RegExp): void {
  let thrown: unknown;
  try {
    act();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: 'FeaturesError', code, kind: 'input' });
  expect((thrown as Error).message).toMatch(message);
}
