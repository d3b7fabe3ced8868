import type { Candle, IsoDay } from './candle';
import { addDays } from './days';
import { mulberry32 } from '@cf/core';

/** One day of a real candle, relative to the previous close, so it can be replayed at any price level. */
export interface DayShape {
  /** ln(close / previous close). */
  readonly logReturn: number;
  /** open / previous close. */
  readonly gap: number;
  /** high / max(open, close), >= 1. */
  readonly highRatio: number;
  /** low / min(open, close), <= 1. */
  readonly lowRatio: number;
  /** volume / close: the day's volume in units of the asset. */
  readonly units: number;
}

/** Options of {@link syntheticAssets}. */
export interface SyntheticAssetOptions {
  /** Same seed, same assets. Default 1. */
  readonly seed?: number;
  /** Days of history per asset. Default 2001 (one CryptoCompare page). */
  readonly days?: number;
  /** The last day of every history. Default 2024-02-11, the last day of the bundled data. */
  readonly to?: IsoDay;
}

/** A synthetic asset: a new symbol and its daily candles, oldest first. */
export interface SyntheticAsset {
  readonly symbol: string;
  readonly candles: Candle[];
}

/** Real days of real candles (the bundled returns) as shapes: every day that has a previous close. */
export function dayShapes(histories: readonly (readonly Candle[])[]): DayShape[] {
  const shapes: DayShape[] = [];
  for (const candles of histories) {
    for (let i = 1; i < candles.length; i++) {
      const previous = candles[i - 1].close;
      const { open, high, low, close, volume } = candles[i];
      shapes.push({
        logReturn: Math.log(close / previous),
        gap: open / previous,
        highRatio: high / Math.max(open, close),
        lowRatio: low / Math.min(open, close),
        units: volume / close,
      });
    }
  }
  return shapes;
}

/**
 * `count` synthetic daily histories made by resampling real days (`shapes`, see {@link dayShapes}) with a
 * seeded generator: each asset starts at a price drawn log-uniformly between 0.01 and 10,000 and replays
 * randomly drawn real days (daily log return, opening gap, high and low wicks, volume in units), so its
 * candles are valid (low <= open, close <= high) and its returns have the bundled assets' distribution.
 * Symbols are `SYN0001`, `SYN0002`, ... (valid tickers no real asset uses). Deterministic for a seed.
 *
 * @example
 * const assets = syntheticAssets(dayShapes([loadSampleCandles('BTC')]), 100, { seed: 7 });
 */
export function syntheticAssets(
  shapes: readonly DayShape[],
  count: number,
  options: SyntheticAssetOptions = {},
): SyntheticAsset[] {
  const random = mulberry32(options.seed ?? 1);
  const days = options.days ?? 2001;
  const to = options.to ?? '2024-02-11';
  const first = addDays(to, -(days - 1));
  return Array.from({ length: count }, (_, index) => {
    const symbol = `SYN${String(index + 1).padStart(4, '0')}`;
    let previous = 10 ** (-2 + 6 * random());
    const candles: Candle[] = [];
    for (let day = 0; day < days; day++) {
      const shape = shapes[Math.floor(random() * shapes.length)];
      const open = previous * shape.gap;
      const close = previous * Math.exp(shape.logReturn);
      const high = Math.max(open, close) * shape.highRatio;
      const low = Math.min(open, close) * shape.lowRatio;
      candles.push({
        date: addDays(first, day),
        symbol,
        open,
        high,
        low,
        close,
        volume: shape.units * close,
      });
      previous = close;
    }
    return { symbol, candles };
  });
}
