// Raw objects as ingest writes them, for this app's tests and benchmark: envelopes around real provider
// responses rebuilt from the bundled sample data (sample-data/, see its README).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addDays,
  daysBetween,
  dayToEpochMs,
  RAW_ENVELOPE_VERSION,
  type IsoDay,
  type RawEnvelope,
  type RawSource,
} from '@cf/ohlcv';
import { sampleDataDir } from '@cf/ohlcv/testing';
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

/** The request ingest sends for the days `from..to`, as its envelope records it. */
function requestOf(source: RawSource, symbol: string, facts: FetchFacts): Record<string, string | number> {
  const endMs = dayToEpochMs(addDays(facts.to, 1));
  switch (source) {
    case 'cryptocompare':
      return {
        fsym: symbol,
        tsym: 'USD',
        limit: Math.max(1, daysBetween(facts.from, facts.to)),
        toTs: endMs / 1000 - 1,
      };
    case 'binance':
      return {
        symbol: `${symbol}USDT`,
        interval: '1d',
        startTime: dayToEpochMs(facts.from),
        endTime: endMs - 1,
        limit: daysBetween(facts.from, facts.to) + 1,
      };
    case 'csv':
      return { file: `${symbol}-USD_1d.csv`, from: facts.from, to: facts.to };
  }
}

/**
 * An envelope as ingest writes it (schemaVersion 2) around a response whose text as received was `bodyText`;
 * `schemaVersion: 1` gives what older ingest versions wrote (a JSON body stored parsed).
 */
export function rawFixture(
  source: RawSource,
  symbol: string,
  bodyText: string,
  facts: FetchFacts,
  options: { readonly schemaVersion?: 1 | 2 } = {},
): RawFixture {
  const schemaVersion = options.schemaVersion ?? RAW_ENVELOPE_VERSION;
  const json = source !== 'csv';
  const envelope: RawEnvelope = {
    schemaVersion: schemaVersion as 1 | 2,
    source,
    symbol,
    request: requestOf(source, symbol, facts),
    fetchedAt: facts.fetchedAt,
    coverage: { from: facts.from, to: facts.to },
    contentType: json ? 'application/json' : 'text/csv',
    bodySha256: sha256(bodyText),
    body: json && schemaVersion === 1 ? (JSON.parse(bodyText) as unknown) : bodyText,
  };
  return { key: rawCandlesKey(source, symbol, facts.to), envelope };
}

/** A CSV envelope (the body is the file's text). */
export function csvFixture(symbol: string, text: string, facts: FetchFacts): RawFixture {
  return rawFixture('csv', symbol, text, facts);
}

/** A CryptoCompare histoday envelope around `rows` (`Data.Data`), as the API sends them. */
export function cryptoCompareFixture(
  symbol: string,
  rows: readonly unknown[],
  facts: FetchFacts,
  options: { readonly schemaVersion?: 1 | 2 } = {},
): RawFixture {
  return rawFixture('cryptocompare', symbol, cryptoCompareText(rows), facts, options);
}

/** The text of a CryptoCompare histoday success answer around `rows`, as the API writes it (compact JSON). */
export function cryptoCompareText(rows: readonly unknown[]): string {
  return JSON.stringify({
    Response: 'Success',
    Message: '',
    HasWarning: false,
    Type: 100,
    Data: { Aggregated: false, TimeFrom: 0, TimeTo: 0, Data: rows },
  });
}

/** A Binance klines envelope around `klines`. */
export function binanceFixture(
  symbol: string,
  klines: readonly unknown[],
  facts: FetchFacts,
  options: { readonly schemaVersion?: 1 | 2 } = {},
): RawFixture {
  return rawFixture('binance', symbol, JSON.stringify(klines), facts, options);
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
