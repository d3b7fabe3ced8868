// Test fixtures over the bundled real market data (`sample-data/`, see its README). Tests only: reads files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Candle, IsoDay } from './candle';
import { readCsvRecords } from './csv-records';
import { parseCandlesCsv } from './csv';
import { OhlcvError } from './errors';
import {
  dayShapes,
  syntheticAssets,
  type SyntheticAsset,
  type SyntheticAssetOptions,
} from './synthetic-assets';

export {
  dayShapes,
  syntheticAssets,
  type DayShape,
  type SyntheticAsset,
  type SyntheticAssetOptions,
} from './synthetic-assets';

/** Symbols with a bundled Yahoo daily file `sample-data/yahoo/{SYM}-USD_1d.csv`. */
export const SAMPLE_SYMBOLS = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'] as const;

/** Columns of `sample-data/binance/BTCUSDT_1d.csv` (the fields of Binance `GET /api/v3/klines`, times as dates). */
export const BINANCE_SAMPLE_COLUMNS = [
  'datetime',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'close_time',
  'quote_asset_volume',
  'num_trades',
  'taker_buy_base_vol',
  'taker_buy_quote_vol',
  'ignore',
] as const;

let dataDir: string | undefined;
const candleCache = new Map<string, readonly Candle[]>();

/** Absolute path of the repository's `sample-data/` folder, found by walking up from this file. */
export function sampleDataDir(): string {
  if (dataDir) return dataDir;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'sample-data');
    if (existsSync(join(candidate, 'yahoo'))) return (dataDir = candidate);
    if (dirname(dir) === dir) break;
  }
  throw new OhlcvError('OHLCV_UNKNOWN_SAMPLE', 'not-found', `no sample-data/ folder above ${__dirname}`);
}

/**
 * Real daily candles of a bundled symbol (Yahoo file, parsed with `parseCandlesCsv`), optionally limited to
 * `from`..`to` inclusive. Volume is quote volume in USD. Throws if the file has any unreadable row.
 *
 * @example
 * const btc = loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-03-31' });
 */
export function loadSampleCandles(symbol: string, range: { from?: IsoDay; to?: IsoDay } = {}): Candle[] {
  if (!(SAMPLE_SYMBOLS as readonly string[]).includes(symbol)) {
    throw new OhlcvError(
      'OHLCV_UNKNOWN_SAMPLE',
      'not-found',
      `no sample candles for symbol ${JSON.stringify(symbol)} (bundled: ${SAMPLE_SYMBOLS.join(', ')})`,
    );
  }
  let candles = candleCache.get(symbol);
  if (!candles) {
    const file = join(sampleDataDir(), 'yahoo', `${symbol}-USD_1d.csv`);
    const parsed = parseCandlesCsv(readFileSync(file, 'utf8'), { symbol });
    if (parsed.problems.length > 0) {
      throw new OhlcvError(
        'OHLCV_CSV_FORMAT',
        'input',
        `${file}: ${JSON.stringify(parsed.problems.slice(0, 3))}`,
      );
    }
    candles = Object.freeze(parsed.candles);
    candleCache.set(symbol, candles);
  }
  const { from, to } = range;
  return candles.filter((c) => (from === undefined || c.date >= from) && (to === undefined || c.date <= to));
}

/** The data rows (no header) of `sample-data/binance/BTCUSDT_1d.csv`, as text fields: see {@link BINANCE_SAMPLE_COLUMNS}. */
export function loadBinanceSampleRows(): string[][] {
  const text = readFileSync(join(sampleDataDir(), 'binance', 'BTCUSDT_1d.csv'), 'utf8');
  return readCsvRecords(text)
    .slice(1)
    .map((record) => record.fields);
}

/** One kline as Binance sends it: `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote, ignore]`. */
export type KlineRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

/**
 * CryptoCompare histoday rows (`Data.Data[]`) carrying `candles`, fields in the API's order
 * (`volumeto` = the candle's quote volume, `volumefrom` = base volume).
 */
export function cryptoCompareRowsOf(candles: readonly Candle[]): Record<string, unknown>[] {
  return candles.map((c) => ({
    time: Date.parse(`${c.date}T00:00:00.000Z`) / 1000,
    high: c.high,
    low: c.low,
    open: c.open,
    volumefrom: c.volume / c.close,
    volumeto: c.volume,
    close: c.close,
    conversionType: 'direct',
    conversionSymbol: '',
  }));
}

/** Binance klines built from candles (prices as Binance writes them: decimal strings; quote volume at 7). */
export function binanceKlinesOf(candles: readonly Candle[]): KlineRow[] {
  return candles.map((c) => {
    const open = Date.parse(`${c.date}T00:00:00.000Z`);
    return [
      open,
      String(c.open),
      String(c.high),
      String(c.low),
      String(c.close),
      String(c.volume / c.close),
      open + 86_399_999,
      String(c.volume),
      1000,
      '0',
      '0',
      '0',
    ];
  });
}

/** The bundled BTCUSDT daily klines as `GET /api/v3/klines` sends them (decimal strings kept as in the file). */
export function binanceSampleKlines(): KlineRow[] {
  return loadBinanceSampleRows().map((r) => {
    const open = Date.parse(`${r[0]}T00:00:00.000Z`);
    return [open, r[1], r[2], r[3], r[4], r[5], open + 86_399_999, r[7], Number(r[8]), r[9], r[10], r[11]];
  });
}

/**
 * `count` synthetic assets (`SYN0001`, ...) resampled from the bundled real days of every sample symbol
 * (see `syntheticAssets`): as many assets as a benchmark needs, with real-looking returns. Deterministic
 * for a seed.
 *
 * @example
 * const assets = syntheticSampleAssets(400, { seed: 1, days: 2001 });
 */
export function syntheticSampleAssets(count: number, options: SyntheticAssetOptions = {}): SyntheticAsset[] {
  return syntheticAssets(
    dayShapes(SAMPLE_SYMBOLS.map((symbol) => loadSampleCandles(symbol))),
    count,
    options,
  );
}
