import type { RawSource } from '@cf/ohlcv';
import * as path from 'node:path';
import type { IngestSettings } from '../job/ingest-settings';
import { BinanceProvider } from './binance-provider';
import type { CandleProvider } from './candle-provider';
import { CryptoCompareProvider } from './cryptocompare-provider';
import { CsvProvider } from './csv-provider';

/** The provider of `source`, configured from the settings. */
export function createProvider(source: RawSource, settings: IngestSettings): CandleProvider {
  switch (source) {
    case 'cryptocompare':
      return new CryptoCompareProvider(settings.cryptocompare);
    case 'binance':
      return new BinanceProvider(settings.binance);
    case 'csv':
      return new CsvProvider(path.resolve(settings.csvDir));
  }
}
