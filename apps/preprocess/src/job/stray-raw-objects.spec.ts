import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DatasetManifest } from '@cf/ohlcv';
import { captureLogger } from '@cf/service/testing';
import {
  getJson,
  PROCESSED_MANIFEST_KEY,
  stableJson,
  StoreUnavailableError,
  type ObjectStore,
} from '@cf/storage';
import { makeTempStore, startLocalS3, type LocalS3 } from '@cf/storage/testing';
import { csvFixture, putRaw, yahooText } from '../test-support/raw-fixtures';
import type { QuarantineFile } from './quarantine';
import { runPreprocess } from './run-preprocess';

const clock = () => new Date('2024-02-12T06:00:00.000Z');
const facts = { fetchedAt: '2024-02-12T00:10:00.000Z', from: '2024-01-01', to: '2024-02-11' };
/** The bundled Yahoo file of `symbol` with only the lines of `from..to`, as ingest stores a CSV page. */
function csvPage(symbol: string, from = facts.from, to = facts.to) {
  const [header, ...lines] = yahooText(symbol).trimEnd().split('\n');
  const kept = lines.filter((line) => line.slice(0, 10) >= from && line.slice(0, 10) <= to);
  return csvFixture(symbol, `${[header, ...kept].join('\n')}\n`, { ...facts, from, to });
}
const btc = csvPage('BTC');
const eth = csvPage('ETH');
const sol = csvPage('SOL');

async function rowsOf(store: ObjectStore, symbol: string): Promise<number | undefined> {
  const manifest = await getJson<DatasetManifest>(store, PROCESSED_MANIFEST_KEY);
  return manifest?.datasets[symbol]?.rows;
}

describe('preprocess and whatever else lies under raw/ (local S3-compatible server)', () => {
  let s3: LocalS3;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startLocalS3();
    client = new S3Client(s3.clientConfig);
  }, 30_000);
  afterAll(async () => {
    client.destroy();
    await s3.close();
  });

  it('quarantines stray keys (a backslash, a control character, an unexpected name) and publishes every asset', async () => {
    const store = s3.createStore('stray');
    await putRaw(store, btc, eth);
    // Written by another tool straight to the bucket: the store itself refuses such keys.
    const strays = {
      backslash: 'raw/source=csv/symbol=BTC/dt=2024\\02\\11/candles.json',
      control: 'raw/notes\u007f.txt',
      unexpected: 'raw/source=csv/symbol=ETH/dt=2024-02-11/candles.json.bak',
    };
    for (const key of Object.values(strays)) {
      await client.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: `stray/${key}`, Body: stableJson(eth.envelope) }),
      );
    }
    const log = captureLogger();

    const report = await runPreprocess({ store, clock, logger: log.logger });

    expect(report.symbols.map((s) => [s.symbol, s.dataset])).toEqual([
      ['BTC', 'written'],
      ['ETH', 'written'],
    ]);
    expect(await rowsOf(store, 'BTC')).toBe(42);
    expect(await rowsOf(store, 'ETH')).toBe(42);
    const filed = async (name: string) =>
      ((await getJson<QuarantineFile>(store, `processed/quarantine/dt=2024-02-12/${name}`)) as QuarantineFile)
        .entries;
    expect((await filed('symbol=BTC.json')).map((e) => [e.rawKey, e.reasons, e.detail])).toEqual([
      [
        strays.backslash,
        ['unreadable-key'],
        `raw object was not read: key '${strays.backslash}' contains a backslash`,
      ],
    ]);
    expect((await filed('unattributed.json')).map((e) => [e.rawKey, e.reasons])).toEqual([
      [strays.control, ['unreadable-key']],
    ]);
    expect((await filed('symbol=ETH.json')).map((e) => [e.rawKey, e.reasons])).toEqual([
      [strays.unexpected, ['key-mismatch']],
    ]);
    expect(report.raw).toMatchObject({ listed: 5, read: 5, quarantinedWhole: 3, unreadable: 0 });

    const again = await runPreprocess({ store, clock, logger: captureLogger().logger });

    expect(again.raw).toMatchObject({ listed: 5, read: 0, quarantinedWhole: 0 });
    expect(again.manifest).toBe('unchanged');
  });
});

describe('preprocess and whatever else lies under raw/ (local store)', () => {
  it('quarantines stray files another tool wrote into the folder, and publishes every asset', async () => {
    const { store, dir, cleanup } = await makeTempStore();
    try {
      await putRaw(store, btc, eth);
      // Files the store's own API would refuse, written straight into the folder.
      const strays = {
        backslash: 'raw/source=csv/symbol=BTC/dt=2024\\02\\11/candles.json',
        control: 'raw/notes\u007f.txt',
      };
      for (const key of Object.values(strays)) {
        await mkdir(path.dirname(path.join(dir, ...key.split('/'))), { recursive: true });
        await writeFile(path.join(dir, ...key.split('/')), stableJson(eth.envelope));
      }

      const report = await runPreprocess({ store, clock, logger: captureLogger().logger });

      expect(report.symbols.map((s) => [s.symbol, s.dataset])).toEqual([
        ['BTC', 'written'],
        ['ETH', 'written'],
      ]);
      expect(await rowsOf(store, 'BTC')).toBe(42);
      const filed = async (name: string) =>
        (
          (await getJson<QuarantineFile>(
            store,
            `processed/quarantine/dt=2024-02-12/${name}`,
          )) as QuarantineFile
        ).entries;
      expect((await filed('symbol=BTC.json')).map((e) => [e.rawKey, e.reasons])).toEqual([
        [strays.backslash, ['unreadable-key']],
      ]);
      expect((await filed('unattributed.json')).map((e) => [e.rawKey, e.reasons])).toEqual([
        [strays.control, ['unreadable-key']],
      ]);
    } finally {
      await cleanup();
    }
  });
});

describe('preprocess when the store fails to return one raw object', () => {
  it('leaves that symbol as published, publishes the others, and picks it all up on the next run', async () => {
    const { store, cleanup } = await makeTempStore();
    try {
      const november = csvPage('ETH', '2023-11-01', '2023-11-30');
      await putRaw(store, btc, eth, november);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      // In the next run ETH's November page is gone, and a new December page cannot be read.
      await store.delete(november.key);
      const december = csvPage('ETH', '2023-12-01', '2023-12-31');
      await putRaw(store, december, sol);
      // The object exists and is listed, but reading it fails (on S3: an AccessDenied, a KMS key it cannot use).
      const failing: ObjectStore = {
        url: store.url,
        get: async (key) => {
          if (key === december.key) {
            throw new StoreUnavailableError('get', key, new Error('AccessDenied: Access Denied'));
          }
          return store.get(key);
        },
        getObject: async (key) => {
          if (key === december.key) {
            throw new StoreUnavailableError('get', key, new Error('AccessDenied: Access Denied'));
          }
          return store.getObject(key);
        },
        put: (key, body, options) => store.put(key, body, options),
        head: (key) => store.head(key),
        list: (prefix, options) => store.list(prefix, options),
        copy: (from, to, options) => store.copy(from, to, options),
        delete: (key) => store.delete(key),
      };
      const log = captureLogger();

      const report = await runPreprocess({ store: failing, clock, logger: log.logger });

      expect(report.symbols.map((s) => [s.symbol, s.dataset, s.rows])).toEqual([
        ['BTC', 'unchanged', 42],
        ['ETH', 'skipped', 72],
        ['SOL', 'written', 42],
      ]);
      expect(report.raw.unreadable).toBe(1);
      expect(log.lines().find((l) => l.rawKey === december.key)).toMatchObject({
        level: 'error',
        reason: `store get of '${december.key}' failed: AccessDenied: Access Denied`,
      });
      expect(await rowsOf(store, 'ETH')).toBe(72);

      const next = await runPreprocess({ store, clock, logger: captureLogger().logger });

      // Rebuilt without November (still known to be gone) and with December: 42 + 31 days.
      expect(next.symbols.find((s) => s.symbol === 'ETH')).toMatchObject({
        dataset: 'written',
        rebuilt: true,
        rows: 73,
        removed: 30,
      });
      expect(next.raw).toMatchObject({ read: 2, gone: 1, unreadable: 0 });
    } finally {
      await cleanup();
    }
  });
});
