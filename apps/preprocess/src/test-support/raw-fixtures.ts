// Raw objects as ingest writes them, for this app's tests and benchmark: envelopes around real provider
// responses rebuilt from the bundled sample data (sample-data/, see its README).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayToEpochMs, type Candle, type IsoDay, type RawEnvelope, type RawSource } from '@cf/ohlcv';
import { loadBinanceSampleRows, sampleDataDir } from '@cf/ohlcv/testing';
import { rawCandlesKey, stableJson, type ObjectStore } from '@cf/storage';

/** A raw object: its key and the envelope stored there. */
export interface RawFixture {
  readonly key: string;
  readonly envelope: RawEnvelope;
}

/** When and for which days a fixture was fetched; `to` is also the key's `dt`. */
export interface FetchFacts {
  readonly fetchedAt: string;
  readonly from: IsoDay;
  readonly to: IsoDay;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An envelope around a response whose bytes as received were `bodyText` (parsed into `body` for JSON). */
export function rawFixture(
  source: RawSource,
  symbol: string,
  body: unknown,
  bodyText: string,
  facts: FetchFacts,
): RawFixture {
  const envelope: RawEnvelope = {
    schemaVersion: 1,
    source,
    symbol,
    request:
      source === 'csv'
        ? { file: `${symbol}-USD_1d.csv`, from: facts.from, to: facts.to }
        : { fsym: symbol, limit: 2000 },
    fetchedAt: facts.fetchedAt,
    coverage: { from: facts.from, to: facts.to },
    contentType: source === 'csv' ? 'text/csv' : 'application/json',
    bodySha256: sha256(bodyText),
    body,
  };
  return { key: rawCandlesKey(source, symbol, facts.to), envelope };
}

/** A CSV envelope (the body is the file's text). */
export function csvFixture(symbol: string, text: string, facts: FetchFacts): RawFixture {
  return rawFixture('csv', symbol, text, text, facts);
}

/** A CryptoCompare histoday envelope around `rows` (`Data.Data`), as the API sends them. */
export function cryptoCompareFixture(
  symbol: string,
  rows: readonly unknown[],
  facts: FetchFacts,
): RawFixture {
  const response = {
    Response: 'Success',
    Message: '',
    HasWarning: false,
    Type: 100,
    Data: { Aggregated: false, TimeFrom: 0, TimeTo: 0, Data: rows },
  };
  const text = JSON.stringify(response);
  return rawFixture('cryptocompare', symbol, JSON.parse(text), text, facts);
}

/** A Binance klines envelope around `klines`. */
export function binanceFixture(symbol: string, klines: readonly unknown[], facts: FetchFacts): RawFixture {
  const text = JSON.stringify(klines);
  return rawFixture('binance', symbol, JSON.parse(text), text, facts);
}

/** Writes fixtures as ingest does (`putJson`'s stable JSON). */
export async function putRaw(store: ObjectStore, ...fixtures: RawFixture[]): Promise<void> {
  for (const { key, envelope } of fixtures)
    await store.put(key, stableJson(envelope), { contentType: 'application/json' });
}

/** The text of a bundled Yahoo file, `sample-data/yahoo/{SYM}-USD_1d.csv`, unchanged. */
export function yahooText(symbol: string): string {
  return readFileSync(join(sampleDataDir(), 'yahoo', `${symbol}-USD_1d.csv`), 'utf8');
}

/** CryptoCompare histoday rows carrying `candles` (volumeto = the candle's quote volume). */
export function cryptoCompareRowsOf(candles: readonly Candle[]): Record<string, unknown>[] {
  return candles.map((c) => ({
    time: dayToEpochMs(c.date) / 1000,
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

/** The bundled BTCUSDT daily klines as `GET /api/v3/klines` sends them (decimal strings kept as in the file). */
export function binanceSampleKlines(): unknown[][] {
  return loadBinanceSampleRows().map((f) => {
    const openTime = dayToEpochMs(f[0]);
    return [
      openTime,
      f[1],
      f[2],
      f[3],
      f[4],
      f[5],
      openTime + 86_399_999,
      f[7],
      Number(f[8]),
      f[9],
      f[10],
      f[11],
    ];
  });
}
