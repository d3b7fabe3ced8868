import { binanceSampleKlines, cryptoCompareRowsOf, loadSampleCandles } from '@cf/ohlcv/testing';
import type { DatasetManifest } from '@cf/ohlcv';
import { captureLogger } from '@cf/service/testing';
import { getJson, listAll, PROCESSED_MANIFEST_KEY, stableJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import {
  binanceFixture,
  cryptoCompareFixture,
  cryptoCompareText,
  rawFixture,
  type FetchFacts,
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
/** A CryptoCompare answer whose text as received is the compact JSON of `rows` edited by `edit`. */
function ccText(rows: readonly unknown[], edit: (text: string) => string, fetch: FetchFacts = facts): Raw {
  return stored(rawFixture('cryptocompare', 'BTC', edit(cryptoCompareText(rows)), fetch));
}
/** A stored envelope whose body was changed after it was fetched (its bodySha256 left as it was). */
function tampered(fixture: RawFixture, edit: (body: unknown) => unknown): Raw {
  return stored({ ...fixture, envelope: { ...fixture.envelope, body: edit(fixture.envelope.body) } });
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
    'NaN and Infinity (Binance "NaN" strings, CryptoCompare 1e999 and bare NaN): those rows, by validateCandles',
    () => [
      stored(binanceFixture('BTC', withKline(0, { 4: 'NaN' }), facts)),
      ccText(
        withRow(1, { high: 'INF', close: 'NOT-A-NUMBER' }),
        (text) =>
          text.replace('"high":"INF"', '"high":1e999').replace('"close":"NOT-A-NUMBER"', '"close":NaN'),
        { ...facts, fetchedAt: '2024-02-12T00:06:00.000Z' },
      ),
    ],
    days,
    [
      [BTC_FILE, '[0]', ['non-finite-price']],
      [BTC_FILE, 'Data.Data[1]', ['non-finite-price']],
    ],
  ],
  [
    'a null, a short kline, a kline of 7 fields: those rows only',
    () => [
      cc(withRow(2, { close: null }), { ...facts, fetchedAt: '2024-02-12T00:06:00.000Z' }),
      stored(
        binanceFixture(
          'BTC',
          klines.map((k, i) => (i === 3 ? k.slice(0, 5) : i === 4 ? k.slice(0, 7) : k)),
          facts,
        ),
      ),
    ],
    days,
    [
      [BTC_FILE, '[3]', ['wrong-shape']],
      [BTC_FILE, '[4]', ['wrong-shape']],
      [BTC_FILE, 'Data.Data[2]', ['wrong-type']],
    ],
  ],
  [
    'timestamps in milliseconds where CryptoCompare sends seconds: refused, not converted',
    () => [cc(ccRows.map((row, i) => (i >= 12 ? { ...row, time: (row['time'] as number) * 1000 } : row)))],
    days.slice(0, 12),
    [
      [BTC_FILE, 'Data.Data[12]', ['wrong-time-unit']],
      [BTC_FILE, 'Data.Data[13]', ['wrong-time-unit']],
    ],
  ],
  [
    'a body behind a UTF-8 byte-order mark: read as any other',
    () => [ccText(ccRows, (text) => `\uFEFF${text}`)],
    days,
    [],
  ],
  [
    'a body changed after it was fetched (bodySha256 no longer matches): the object whole, the other lands',
    () => [
      tampered(cryptoCompareFixture('BTC', ccRows, facts), (body) =>
        (body as string).replace(`"close":${ccRows[3]['close']}`, '"close":1'),
      ),
      stored(binanceFixture('BTC', klines.slice(0, 7), facts)),
    ],
    days.slice(0, 7),
    [[BTC_FILE, 'object', ['sha256-mismatch']]],
  ],
  [
    'schemaVersion 1 objects (body stored parsed): used when untouched, refused when changed',
    () => [
      stored(cryptoCompareFixture('BTC', ccRows.slice(0, 7), facts, { schemaVersion: 1 })),
      tampered(
        binanceFixture(
          'BTC',
          klines,
          { ...facts, fetchedAt: '2024-02-12T00:06:00.000Z' },
          { schemaVersion: 1 },
        ),
        (body) => (body as unknown[][]).map((k, i) => (i === 9 ? [...k.slice(0, 4), '1', ...k.slice(5)] : k)),
      ),
    ],
    days.slice(0, 7),
    [[BTC_FILE, 'object', ['sha256-mismatch']]],
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
    'future days: today (incomplete, asked for by another tool), and the fetch day of an earlier fetch',
    () => [
      cc([...ccRows, { ...ccRows[13], time: (ccRows[13]['time'] as number) + 86_400 }], {
        ...facts,
        to: '2024-02-12',
      }),
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
    ],
  ],
  [
    'days the request did not ask for (the next day, years away, long before): quarantined, not published',
    () => [
      cc([
        { ...ccRows[0], time: Date.UTC(2019, 0, 1) / 1000 },
        ...ccRows,
        { ...ccRows[13], time: (ccRows[13]['time'] as number) + 86_400 },
        { ...ccRows[13], time: Date.UTC(2031, 4, 1) / 1000 },
      ]),
    ],
    days,
    [
      [BTC_FILE, 'Data.Data[0]', ['outside-requested-range']],
      [BTC_FILE, 'Data.Data[15]', ['outside-requested-range']],
      [BTC_FILE, 'Data.Data[16]', ['outside-requested-range']],
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

  it('files each malformed row with where it is, the field, what was expected and what came, as received', async () => {
    const { store, cleanup } = await makeTempStore();
    try {
      const rows = ccRows.map((row, i) =>
        i === 1
          ? { ...row, close: null }
          : i === 2
            ? { ...row, time: (row['time'] as number) * 1000 }
            : i === 3
              ? { ...row, open: String(row['open']) }
              : i === 4
                ? { ...row, high: 'NAN-TOKEN' }
                : row,
      );
      const text = cryptoCompareText(rows).replace('"high":"NAN-TOKEN"', '"high":NaN');

      const outcome = await preprocess(store, [ccText(rows, () => text)]);

      expect(outcome.landed).toEqual(without(days[1], days[2], days[3], days[4]));
      const file = (await getJson<QuarantineFile>(
        store,
        'processed/quarantine/dt=2024-02-12/symbol=BTC.json',
      )) as QuarantineFile;
      expect(file.entries.map((e) => [e.at, e.reasons, e.detail])).toEqual([
        ['Data.Data[1]', ['wrong-type'], 'close null is not a number'],
        [
          'Data.Data[2]',
          ['wrong-time-unit'],
          `time ${(ccRows[2]['time'] as number) * 1000} is epoch milliseconds (${days[2]}T00:00:00.000Z); ` +
            'expected epoch seconds, not converted',
        ],
        [
          'Data.Data[3]',
          ['number-as-string'],
          `open "${ccRows[3]['open']}" is a string, expected a JSON number`,
        ],
        ['Data.Data[4]', ['non-finite-price'], 'high NaN is not a finite number'],
      ]);
      expect(file.entries.every((e) => e.rawKey === ccKey)).toBe(true);
      expect(file.entries[0].row).toEqual(rows[1]);
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
        `raw object is ${huge.length} bytes, over the 52428800-byte limit (RAW_MAX_OBJECT_BYTES); it was not read`,
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
