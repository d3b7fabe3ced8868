import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetManifest } from '@cf/ohlcv';
import { SAMPLE_SYMBOLS, binanceSampleKlines, sampleDataDir } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { getJson, listAll, PROCESSED_MANIFEST_KEY, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { binanceFixture, csvFixture, putRaw, yahooText } from '../test-support/raw-fixtures';
import { runPreprocess } from './run-preprocess';

const clock = () => new Date('2024-02-12T06:00:00.000Z');

/** Rows of a CSV text split by hand (no quoting in these files), header dropped. */
function fields(text: string): string[][] {
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(','));
}

async function dataset(store: ObjectStore, symbol: string): Promise<string[][]> {
  const text = ((await store.get(`processed/daily/symbol=${symbol}/ohlcv.csv`)) as Buffer).toString();
  expect(text.split('\n')[0]).toBe('date,symbol,open,high,low,close,volume');
  return fields(text);
}

describe('real data', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await makeTempStore());
  });
  afterAll(() => cleanup());

  it('CSV envelopes of the five bundled assets reproduce every source price exactly; manifest rows match the files', async () => {
    // Yahoo columns: Date,Close,High,Low,Open,Volume; compared as numbers, exactly.
    for (const symbol of SAMPLE_SYMBOLS) {
      const text = yahooText(symbol);
      const source = fields(text);
      await putRaw(
        store,
        csvFixture(symbol, text, {
          fetchedAt: '2024-02-12T00:10:00.000Z',
          from: source[0][0],
          to: source[source.length - 1][0],
        }),
      );
    }

    const report = await runPreprocess({ store, clock, logger: captureLogger().logger });

    const manifest = (await getJson<DatasetManifest>(store, PROCESSED_MANIFEST_KEY)) as DatasetManifest;
    expect(Object.keys(manifest.datasets)).toEqual([...SAMPLE_SYMBOLS].sort());
    for (const symbol of SAMPLE_SYMBOLS) {
      const source = fields(readFileSync(join(sampleDataDir(), 'yahoo', `${symbol}-USD_1d.csv`), 'utf8'));
      const rows = await dataset(store, symbol);
      expect(
        rows.map(([date, sym, open, high, low, close, volume]) => [
          date,
          sym,
          ...[open, high, low, close, volume].map(Number),
        ]),
      ).toEqual(
        source.map(([date, close, high, low, open, volume]) => [
          date,
          symbol,
          ...[open, high, low, close, volume].map(Number),
        ]),
      );
      expect(manifest.datasets[symbol]).toMatchObject({
        rows: source.length,
        firstDate: source[0][0],
        lastDate: source[source.length - 1][0],
        gaps: [],
      });
    }
    expect(report.symbols.map((s) => [s.symbol, s.accepted, s.quarantined])).toEqual(
      [...SAMPLE_SYMBOLS].sort().map((symbol) => [symbol, fields(yahooText(symbol)).length, 0]),
    );
  }, 30_000);

  it('a Binance envelope of the real BTCUSDT klines lands with the file exact quote volumes', async () => {
    const { store: binanceStore, cleanup: done } = await makeTempStore();
    try {
      await putRaw(
        binanceStore,
        binanceFixture('BTC', binanceSampleKlines(), {
          fetchedAt: '2024-02-12T00:10:00.000Z',
          from: '2018-01-01',
          to: '2024-02-11',
        }),
      );

      await runPreprocess({ store: binanceStore, clock, logger: captureLogger().logger });

      // Binance file columns: datetime,open,high,low,close,volume,close_time,quote_asset_volume,...
      const source = fields(readFileSync(join(sampleDataDir(), 'binance', 'BTCUSDT_1d.csv'), 'utf8'));
      const rows = await dataset(binanceStore, 'BTC');
      expect(rows.map((r) => [r[0], ...r.slice(2).map(Number)])).toEqual(
        source.map((f) => [f[0], Number(f[1]), Number(f[2]), Number(f[3]), Number(f[4]), Number(f[7])]),
      );
    } finally {
      await done();
    }
  }, 30_000);

  it('writes the same bytes whether symbols are processed one or four at a time', async () => {
    const { store: other, cleanup: done } = await makeTempStore();
    try {
      for (const { key } of await listAll(store, 'raw/'))
        await other.put(key, (await store.get(key)) as Buffer);

      await runPreprocess({ store: other, clock, logger: captureLogger().logger, symbolConcurrency: 4 });

      // Every object but the raw index, which records each store's own last-modified times.
      const contents = async (s: ObjectStore) => {
        const all: Record<string, string> = {};
        for (const { key } of await listAll(s, '')) {
          if (key !== 'processed/daily/_raw-index.json')
            all[key] = ((await s.get(key)) as Buffer).toString('base64');
        }
        return all;
      };
      expect(await contents(other)).toEqual(await contents(store));
    } finally {
      await done();
    }
  }, 30_000);
});
