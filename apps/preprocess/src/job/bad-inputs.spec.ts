import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { DatasetManifest } from '@cf/ohlcv';
import { captureLogger } from '@cf/service/testing';
import { getJson, listAll, PROCESSED_MANIFEST_KEY, stableJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import {
  binanceFixture,
  binanceSampleKlines,
  cryptoCompareFixture,
  cryptoCompareRowsOf,
  type RawFixture,
} from '../test-support/raw-fixtures';
import type { QuarantineFile } from './quarantine';
import { runPreprocess } from './run-preprocess';

// The run happens on 2024-02-12 (UTC); the raw objects were fetched just after midnight, covering two weeks.
const clock = () => new Date('2024-02-12T06:00:00.000Z');
const facts = { fetchedAt: '2024-02-12T00:05:00.000Z', from: '2024-01-29', to: '2024-02-11' };
const candles = loadSampleCandles('BTC', { from: facts.from, to: facts.to });
const days = candles.map((c) => c.date);
const ccRows = cryptoCompareRowsOf(candles);
const klines = binanceSampleKlines().slice(-14);

type Raw = { key: string; bytes: Buffer | string };

function stored(fixture: RawFixture, edit: (text: string) => string = (t) => t): Raw {
  return { key: fixture.key, bytes: edit(stableJson(fixture.envelope)) };
}
function cc(rows: readonly unknown[], fetch = facts): Raw {
  return stored(cryptoCompareFixture('BTC', rows, fetch));
}
function withRow(index: number, change: Record<string, unknown>): Record<string, unknown>[] {
  return ccRows.map((row, i) => (i === index ? { ...row, ...change } : row));
}
function withKline(index: number, change: Record<number, unknown>): unknown[][] {
  return klines.map((k, i) => (i === index ? k.map((v, j) => (j in change ? change[j] : v)) : k));
}
function without(...excluded: string[]): string[] {
  return days.filter((d) => !excluded.includes(d));
}
const ccKey = cryptoCompareFixture('BTC', [], facts).key;

interface Outcome {
  landed: string[];
  quarantined: [file: string, at: string, reasons: readonly string[]][];
  manifest: DatasetManifest;
}

async function preprocess(store: ObjectStore, raws: readonly Raw[]): Promise<Outcome> {
  for (const raw of raws) await store.put(raw.key, raw.bytes);
  await runPreprocess({ store, clock, logger: captureLogger().logger }, {});
  const dataset = (await store.get('processed/daily/symbol=BTC/ohlcv.csv'))?.toString() ?? '';
  const quarantined: Outcome['quarantined'] = [];
  for (const { key } of await listAll(store, 'processed/quarantine/')) {
    const file = (await getJson<QuarantineFile>(store, key)) as QuarantineFile;
    for (const e of file.entries) quarantined.push([key.split('/').slice(2).join('/'), e.at, e.reasons]);
  }
  return {
    landed: dataset
      .split('\n')
      .slice(1, -1)
      .map((line) => line.split(',')[0]),
    quarantined,
    manifest: (await getJson<DatasetManifest>(store, PROCESSED_MANIFEST_KEY)) as DatasetManifest,
  };
}

const BTC_FILE = 'dt=2024-02-12/symbol=BTC.json';

const CASES: [name: string, raws: () => Raw[], landed: string[], quarantined: Outcome['quarantined']][] = [
  [
    'truncated JSON: the object whole',
    () => [
      { key: ccKey, bytes: stableJson(cryptoCompareFixture('BTC', ccRows, facts).envelope).slice(0, 500) },
    ],
    [],
    [[BTC_FILE, 'object', ['invalid-json']]],
  ],
  [
    'wrong types (CryptoCompare boolean, Binance kline as an object): those rows',
    () => [
      cc(withRow(3, { open: true })),
      stored(binanceFixture('BTC', [...klines.slice(0, 13), { openTime: klines[13][0] }], facts)),
    ],
    days,
    [
      [BTC_FILE, '[13]', ['wrong-shape']],
      [BTC_FILE, 'Data.Data[3]', ['wrong-type']],
    ],
  ],
  [
    'numbers as strings: quarantined, not coerced',
    () => [cc(withRow(5, { close: '42000.5' }))],
    without(days[5]),
    [[BTC_FILE, 'Data.Data[5]', ['number-as-string']]],
  ],
  [
    'NaN and Infinity (Binance "NaN" strings, CryptoCompare 1e999): refused by validateCandles',
    () =>
      [
        stored(binanceFixture('BTC', withKline(0, { 4: 'NaN' }), facts)),
        cc(withRow(1, { high: 'INF' }), { ...facts, fetchedAt: '2024-02-12T00:06:00.000Z' }),
      ].map((raw) => ({ ...raw, bytes: raw.bytes.toString().replace('"high": "INF"', '"high": 1e999') })),
    days,
    [
      [BTC_FILE, '[0]', ['non-finite-price']],
      [BTC_FILE, 'Data.Data[1]', ['non-finite-price']],
    ],
  ],
  [
    'zero and negative prices',
    () => [cc(withRow(2, { low: 0 })), stored(binanceFixture('BTC', withKline(3, { 1: '-1.5' }), facts))],
    days,
    [
      [BTC_FILE, '[3]', ['non-positive-price', 'low-above-open-close']],
      [BTC_FILE, 'Data.Data[2]', ['non-positive-price']],
    ],
  ],
  [
    'high below low',
    () => [cc(withRow(4, { high: (ccRows[4]['low'] as number) - 1 }))],
    without(days[4]),
    [[BTC_FILE, 'Data.Data[4]', ['high-below-open-close']]],
  ],
  [
    'the same day twice with different values: neither row, the day left as a gap',
    () => [cc([...ccRows, { ...ccRows[6], close: (ccRows[6]['close'] as number) * 1.01 }, ccRows[7]])],
    without(days[6]),
    [
      [BTC_FILE, 'Data.Data[6]', ['conflicting-day']],
      [BTC_FILE, 'Data.Data[14]', ['conflicting-day']],
    ],
  ],
  [
    'future days: today (incomplete) and later, and the fetch day of an earlier fetch',
    () => [
      cc([
        ...ccRows,
        withRow(13, { time: (ccRows[13]['time'] as number) + 86_400 })[13],
        { ...ccRows[13], time: (ccRows[13]['time'] as number) + 2 * 86_400 },
      ]),
      stored(
        binanceFixture('BTC', klines.slice(11, 13), {
          ...facts,
          fetchedAt: '2024-02-10T12:00:00.000Z',
          to: '2024-02-10',
        }),
      ),
    ],
    days,
    [
      [BTC_FILE, '[1]', ['future-day']],
      [BTC_FILE, 'Data.Data[14]', ['future-day']],
      [BTC_FILE, 'Data.Data[15]', ['future-day']],
    ],
  ],
  [
    'timestamps not at midnight UTC',
    () => [cc(withRow(0, { time: (ccRows[0]['time'] as number) + 1 }))],
    without(days[0]),
    [[BTC_FILE, 'Data.Data[0]', ['not-midnight-utc']]],
  ],
  [
    'an unknown symbol (key and envelope): whole, filed as unattributed',
    () => [
      {
        key: 'raw/source=cryptocompare/symbol=btc/dt=2024-02-11/candles.json',
        bytes: stableJson({ ...cryptoCompareFixture('BTC', ccRows, facts).envelope, symbol: 'btc' }),
      },
    ],
    [],
    [['dt=2024-02-12/unattributed.json', 'object', ['bad-symbol']]],
  ],
  [
    'an unknown source: whole',
    () => [
      {
        key: 'raw/source=kraken/symbol=BTC/dt=2024-02-11/candles.json',
        bytes: stableJson({ ...cryptoCompareFixture('BTC', ccRows, facts).envelope, source: 'kraken' }),
      },
    ],
    [],
    [[BTC_FILE, 'object', ['unknown-source']]],
  ],
  [
    'empty arrays: consumed, nothing lands, nothing quarantined',
    () => [cc([]), stored(binanceFixture('BTC', [], facts))],
    [],
    [],
  ],
];

describe('bad raw inputs', () => {
  it.each(CASES)('%s', async (_, raws, landed, quarantined) => {
    const { store, cleanup } = await makeTempStore();
    try {
      const outcome = await preprocess(store, raws());

      expect(outcome.landed).toEqual(landed);
      expect(outcome.quarantined).toEqual(quarantined);
    } finally {
      await cleanup();
    }
  });

  it('reports a day refused from every object as a gap in the manifest, never filling it', async () => {
    const { store, cleanup } = await makeTempStore();
    try {
      const outcome = await preprocess(store, [cc(withRow(6, { close: -1 }))]);

      expect(outcome.manifest.datasets['BTC']).toMatchObject({
        rows: 13,
        firstDate: days[0],
        lastDate: days[13],
        gaps: [{ from: days[6], to: days[6], missingDays: 1 }],
      });
    } finally {
      await cleanup();
    }
  });

  it('quarantines a huge body (over 50 MiB) whole by its listed size without reading it, once', async () => {
    const { store, cleanup } = await makeTempStore();
    try {
      const huge = Buffer.alloc(51 * 1024 * 1024, 0x20);
      huge.write('{"schemaVersion":1,"source":"cryptocompare","body":{"Data":{"Data":[');
      const key = 'raw/source=cryptocompare/symbol=ETH/dt=2024-02-11/candles.json';
      const outcome = await preprocess(store, [cc(ccRows), { key, bytes: huge }]);

      expect(outcome.landed).toEqual(days);
      expect(outcome.quarantined).toEqual([['dt=2024-02-12/symbol=ETH.json', 'object', ['too-large']]]);
      const file = (await getJson<QuarantineFile>(
        store,
        'processed/quarantine/dt=2024-02-12/symbol=ETH.json',
      )) as QuarantineFile;
      expect(file.entries[0].detail).toBe(
        `raw object is ${huge.length} bytes, over the 52428800-byte limit; it was not read`,
      );
      expect(Object.keys(outcome.manifest.rawConsumed)).toEqual([ccKey]);

      const again = await runPreprocess({
        store,
        clock: () => new Date('2024-02-13T06:00:00.000Z'),
        logger: captureLogger().logger,
      });
      expect(again.raw).toMatchObject({ read: 0, quarantinedWhole: 0 });
      expect(await store.head('processed/quarantine/dt=2024-02-13/symbol=ETH.json')).toBeUndefined();
    } finally {
      await cleanup();
    }
  });
});
