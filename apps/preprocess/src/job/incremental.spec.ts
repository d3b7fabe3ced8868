import { createHash } from 'node:crypto';
import { stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCandlesCsv, parseCandlesCsv, type Candle } from '@cf/ohlcv';
import { binanceSampleKlines, cryptoCompareRowsOf, loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { listAll, PROCESSED_MANIFEST_KEY, stableJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import {
  binanceFixture,
  cryptoCompareFixture,
  csvFixture,
  yahooText,
  type RawFixture,
} from '../test-support/raw-fixtures';
import { runPreprocess } from './run-preprocess';

const clock = () => new Date('2024-02-12T06:00:00.000Z');

/** A raw object of the scenario with the candles it validly holds (the test's own account of its content). */
interface Scenario {
  readonly fixture: RawFixture;
  readonly valid: readonly Candle[];
}

function at(fetchedAt: string, from: string, to: string) {
  return { fetchedAt, from, to };
}
function yahoo(symbol: string, from: string, to: string): Candle[] {
  return loadSampleCandles(symbol, { from, to });
}
function yahooLines(symbol: string, from: string, to: string): string {
  const [header, ...lines] = yahooText(symbol).split('\n');
  return [header, ...lines.filter((line) => line.slice(0, 10) >= from && line.slice(0, 10) <= to), ''].join(
    '\n',
  );
}
function revise(candles: readonly Candle[], date: string, factor: number): Candle[] {
  return candles.map((c) =>
    c.date === date ? { ...c, close: c.close * factor, high: Math.max(c.high, c.close * factor) } : c,
  );
}
function binanceCandles(from: string, to: string): { klines: unknown[][]; candles: Candle[] } {
  const klines = binanceSampleKlines().filter((k) => {
    const day = new Date(k[0] as number).toISOString().slice(0, 10);
    return day >= from && day <= to;
  });
  const candles = klines.map((k) => ({
    date: new Date(k[0] as number).toISOString().slice(0, 10),
    symbol: 'BTC',
    open: Number(k[1]),
    high: Number(k[2]),
    low: Number(k[3]),
    close: Number(k[4]),
    volume: Number(k[7]),
  }));
  return { klines, candles };
}

/** Seven overlapping raw objects of two symbols and three sources, with revisions, a tie and bad rows. */
function scenario(): Scenario[] {
  const b = revise(yahoo('BTC', '2024-01-25', '2024-02-04'), '2024-01-28', 1.02);
  const e = revise(yahoo('BTC', '2024-01-29', '2024-01-31'), '2024-01-30', 0.99);
  const binance = binanceCandles('2024-01-20', '2024-02-01');
  const d = yahoo('BTC', '2024-02-02', '2024-02-09');
  const g = revise(yahoo('ETH', '2024-02-07', '2024-02-10'), '2024-02-08', 1.05);
  return [
    {
      fixture: csvFixture(
        'BTC',
        yahooLines('BTC', '2024-01-01', '2024-01-30'),
        at('2024-02-11T00:10:00.000Z', '2024-01-01', '2024-01-30'),
      ),
      valid: yahoo('BTC', '2024-01-01', '2024-01-30'),
    },
    {
      fixture: cryptoCompareFixture(
        'BTC',
        cryptoCompareRowsOf(b),
        at('2024-02-11T09:00:00.000Z', '2024-01-25', '2024-02-04'),
      ),
      valid: b,
    },
    // Same instant as the previous object: the larger raw key (later dt) wins the tie.
    {
      fixture: cryptoCompareFixture(
        'BTC',
        cryptoCompareRowsOf(e),
        at('2024-02-11T09:00:00.000Z', '2024-01-29', '2024-01-31'),
      ),
      valid: e,
    },
    {
      fixture: binanceFixture(
        'BTC',
        binance.klines,
        at('2024-02-11T05:00:00.000Z', '2024-01-20', '2024-02-01'),
      ),
      valid: binance.candles,
    },
    {
      fixture: cryptoCompareFixture(
        'BTC',
        [...cryptoCompareRowsOf(d), { ...cryptoCompareRowsOf(d)[0], close: '1.0' }],
        at('2024-02-11T23:00:00.000Z', '2024-02-02', '2024-02-09'),
      ),
      valid: d,
    },
    {
      fixture: csvFixture(
        'ETH',
        yahooLines('ETH', '2024-01-01', '2024-02-09'),
        at('2024-02-11T00:10:00.000Z', '2024-01-01', '2024-02-09'),
      ),
      valid: yahoo('ETH', '2024-01-01', '2024-02-09'),
    },
    {
      fixture: cryptoCompareFixture(
        'ETH',
        cryptoCompareRowsOf(g),
        at('2024-02-11T12:00:00.000Z', '2024-02-07', '2024-02-10'),
      ),
      valid: g,
    },
  ];
}

/** The merge rule written out plainly: per day, the candle of the latest fetch, ties to the larger key. */
function expectedDataset(objects: readonly Scenario[], symbol: string): string {
  const best = new Map<string, { candle: Candle; rank: [number, string] }>();
  for (const { fixture, valid } of objects) {
    const rank: [number, string] = [Date.parse(fixture.envelope.fetchedAt), fixture.key];
    for (const candle of valid.filter((c) => c.symbol === symbol)) {
      const current = best.get(candle.date);
      if (
        !current ||
        rank[0] > current.rank[0] ||
        (rank[0] === current.rank[0] && rank[1] > current.rank[1])
      ) {
        best.set(candle.date, { candle, rank });
      }
    }
  }
  const days = [...best.keys()].sort();
  return formatCandlesCsv(days.map((day) => (best.get(day) as { candle: Candle }).candle));
}

async function put(store: ObjectStore, objects: readonly Scenario[]): Promise<void> {
  for (const { fixture } of objects) await store.put(fixture.key, stableJson(fixture.envelope));
}

/** sha256 and modification time of every object, or only of processed/ outputs other stores must match. */
async function snapshot(store: ObjectStore, prefix = ''): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const info of await listAll(store, prefix)) {
    const bytes = (await store.get(info.key)) as Buffer;
    result[info.key] = `${createHash('sha256').update(bytes).digest('hex')} ${info.lastModified.getTime()}`;
  }
  return result;
}
async function outputs(store: ObjectStore): Promise<Record<string, string>> {
  const keys = [
    'processed/daily/symbol=BTC/ohlcv.csv',
    'processed/daily/symbol=BTC/_provenance.json',
    'processed/daily/symbol=ETH/ohlcv.csv',
    'processed/daily/symbol=ETH/_provenance.json',
    PROCESSED_MANIFEST_KEY,
  ];
  const result: Record<string, string> = {};
  for (const key of keys) result[key] = ((await store.get(key)) as Buffer).toString();
  return result;
}

function permutation<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

async function withStore<T>(fn: (store: ObjectStore) => Promise<T>): Promise<T> {
  const { store, cleanup } = await makeTempStore();
  try {
    return await fn(store);
  } finally {
    await cleanup();
  }
}

describe('incremental runs', () => {
  const objects = scenario();
  let reference: Record<string, string>;

  beforeAll(async () => {
    reference = await withStore(async (store) => {
      await put(store, objects);
      await runPreprocess({ store, clock, logger: captureLogger().logger }, { full: true });
      return outputs(store);
    });
  });

  it('a full rebuild publishes, per day, the candle of the most recent fetch (independent computation)', () => {
    expect(reference['processed/daily/symbol=BTC/ohlcv.csv']).toBe(expectedDataset(objects, 'BTC'));
    expect(reference['processed/daily/symbol=ETH/ohlcv.csv']).toBe(expectedDataset(objects, 'ETH'));
    const btc = parseCandlesCsv(reference['processed/daily/symbol=BTC/ohlcv.csv']).candles;
    // Spot checks of the rule: the tie at 09:00 goes to the larger key (dt=2024-02-04, unrevised 01-30, not the
    // dt=2024-01-31 object's revision); Binance (05:00) beats the CSV (00:10) but not the 09:00 fetch.
    expect(btc.find((c) => c.date === '2024-01-30')?.close).toBe(
      yahoo('BTC', '2024-01-30', '2024-01-30')[0].close,
    );
    expect(btc.find((c) => c.date === '2024-01-28')?.close).toBe(
      yahoo('BTC', '2024-01-28', '2024-01-28')[0].close * 1.02,
    );
    expect(btc.find((c) => c.date === '2024-01-24')?.close).toBe(
      binanceCandles('2024-01-24', '2024-01-24').candles[0].close,
    );
    expect(btc.find((c) => c.date === '2024-01-19')?.close).toBe(
      yahoo('BTC', '2024-01-19', '2024-01-19')[0].close,
    );
  });

  it.each([
    ['in key order, one run each', 0, 1],
    ['reversed, one run each', -1, 1],
    ['shuffled (seed 7), two per run', 7, 2],
    ['shuffled (seed 11), three per run', 11, 3],
    ['shuffled (seed 23), one run each', 23, 1],
    ['all in one incremental run', 0, 7],
  ])('%s gives byte-identical datasets and manifest to the full rebuild', async (_, seed, size) => {
    const ordered = seed === 0 ? objects : seed === -1 ? [...objects].reverse() : permutation(objects, seed);

    const result = await withStore(async (store) => {
      for (const batch of batches(ordered, size)) {
        await put(store, batch);
        await runPreprocess({ store, clock, logger: captureLogger().logger });
      }
      return outputs(store);
    });

    expect(result).toEqual(reference);
  });

  it('a repeated run, incremental or full, on the same or a later day, changes no object (bytes and mtime)', async () => {
    await withStore(async (store) => {
      await put(store, objects);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      const before = await snapshot(store);

      const again = await runPreprocess({ store, clock, logger: captureLogger().logger });
      await runPreprocess({ store, clock, logger: captureLogger().logger }, { full: true });
      await runPreprocess(
        { store, clock: () => new Date('2024-02-20T00:00:00Z'), logger: captureLogger().logger },
        { full: true },
      );

      expect(await snapshot(store)).toEqual(before);
      expect(again.raw).toEqual({
        listed: 7,
        read: 0,
        unchanged: 0,
        gone: 0,
        quarantinedWhole: 0,
        unreadable: 0,
      });
      expect(again.manifest).toBe('unchanged');
    });
  });

  it('an older fetch seen after a newer one does not override it; counts say what each row did', async () => {
    await withStore(async (store) => {
      const [csvBtc, ccBtc] = objects;
      await put(store, [ccBtc]);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      await put(store, [csvBtc]);

      const report = await runPreprocess({ store, clock, logger: captureLogger().logger });

      // csvBtc (fetched earlier) holds 2024-01-01..30; ccBtc already holds 01-25..02-04 with 01-28 revised.
      expect(report.symbols).toEqual([
        {
          symbol: 'BTC',
          rawObjects: 1,
          accepted: 24,
          duplicate: 5,
          superseded: 1,
          quarantined: 0,
          added: 24,
          updated: 0,
          removed: 0,
          rows: 35,
          rebuilt: false,
          dataset: 'written',
        },
      ]);
    });
  });

  it('a raw object revised under the same key rebuilds its symbol, logging each changed day with old and new values', async () => {
    await withStore(async (store) => {
      await put(store, objects);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      const d = objects[4];
      const revised = revise(d.valid, '2024-02-05', 1.1);
      const refetch = { ...d.fixture.envelope.coverage, fetchedAt: '2024-02-12T01:00:00.000Z' };
      const changed: Scenario = {
        fixture: cryptoCompareFixture('BTC', cryptoCompareRowsOf(revised), refetch),
        valid: revised,
      };
      expect(changed.fixture.key).toBe(d.fixture.key);
      await put(store, [changed]);
      const { logger, lines } = captureLogger();

      const report = await runPreprocess({ store, clock, logger });

      const next = objects.map((o) => (o === d ? changed : o));
      expect((await outputs(store))['processed/daily/symbol=BTC/ohlcv.csv']).toBe(
        expectedDataset(next, 'BTC'),
      );
      const fresh = await withStore(async (other) => {
        await put(other, next);
        await runPreprocess({ store: other, clock, logger: captureLogger().logger }, { full: true });
        return outputs(other);
      });
      expect(await outputs(store)).toEqual(fresh);
      const btc = report.symbols.find((s) => s.symbol === 'BTC');
      expect(btc).toMatchObject({ rebuilt: true, updated: 1, dataset: 'written' });
      const old = d.valid.find((c) => c.date === '2024-02-05') as Candle;
      const now = revised.find((c) => c.date === '2024-02-05') as Candle;
      expect(lines().filter((l) => l['msg'] === 'published day revised')).toEqual([
        expect.objectContaining({
          level: 'warn',
          symbol: 'BTC',
          date: '2024-02-05',
          old: { open: old.open, high: old.high, low: old.low, close: old.close, volume: old.volume },
          new: { open: now.open, high: now.high, low: now.low, close: now.close, volume: now.volume },
          oldRawKey: d.fixture.key,
          newRawKey: d.fixture.key,
        }),
      ]);
    });
  });

  it('a raw object that disappears takes its days with it, as a full rebuild would', async () => {
    await withStore(async (store) => {
      await put(store, objects);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      const [binance, ethRevision] = [objects[3], objects[6]];
      await store.delete(binance.fixture.key);
      await store.delete(ethRevision.fixture.key);

      const report = await runPreprocess({ store, clock, logger: captureLogger().logger });

      const rest = objects.filter((o) => o !== binance && o !== ethRevision);
      expect((await outputs(store))['processed/daily/symbol=BTC/ohlcv.csv']).toBe(
        expectedDataset(rest, 'BTC'),
      );
      expect((await outputs(store))['processed/daily/symbol=ETH/ohlcv.csv']).toBe(
        expectedDataset(rest, 'ETH'),
      );
      // Binance held 2024-01-20..24 as the latest fetch: they fall back to the CSV's values. The ETH revision
      // alone held 2024-02-10 (removed) and revised 02-08 (back to the CSV's value).
      expect(
        report.symbols.map(({ symbol, rebuilt, updated, removed }) => ({
          symbol,
          rebuilt,
          updated,
          removed,
        })),
      ).toEqual([
        { symbol: 'BTC', rebuilt: true, updated: 5, removed: 0 },
        { symbol: 'ETH', rebuilt: true, updated: 1, removed: 1 },
      ]);
      expect(report.raw.gone).toBe(2);
    });
  });

  it('a lost provenance sidecar makes the next run rebuild the symbol; an undescribed dataset is checked', async () => {
    await withStore(async (store) => {
      await put(store, objects);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      await store.delete('processed/daily/symbol=ETH/_provenance.json');
      await store.delete(PROCESSED_MANIFEST_KEY);

      const report = await runPreprocess({ store, clock, logger: captureLogger().logger });

      expect(await outputs(store)).toEqual(reference);
      expect(report.symbols.map((s) => [s.symbol, s.rebuilt])).toEqual([
        ['BTC', false],
        ['ETH', true],
      ]);
    });
  });

  it('a dataset edited by hand is rebuilt from raw/ when its symbol is next merged into, saying why', async () => {
    await withStore(async (store) => {
      await put(store, objects);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      const key = 'processed/daily/symbol=BTC/ohlcv.csv';
      await store.put(key, `${((await store.get(key)) as Buffer).toString()}2024-02-10,BTC,1,2,oops,1,1\n`);
      const day = yahoo('BTC', '2024-02-10', '2024-02-10');
      const next: Scenario = {
        fixture: cryptoCompareFixture(
          'BTC',
          cryptoCompareRowsOf(day),
          at('2024-02-12T00:30:00.000Z', '2024-02-10', '2024-02-10'),
        ),
        valid: day,
      };
      await put(store, [next]);
      const { logger, lines } = captureLogger();

      const report = await runPreprocess({ store, clock, logger });

      expect((await outputs(store))[key]).toBe(expectedDataset([...objects, next], 'BTC'));
      expect(report.symbols.find((s) => s.symbol === 'BTC')).toMatchObject({
        rebuilt: true,
        updated: 0,
        added: 1,
      });
      expect(
        lines()
          .filter((l) => l['level'] === 'warn')
          .map((l) => [l['msg'], l['reason']]),
      ).toEqual([
        [
          'published state is inconsistent; rebuilding the symbol from raw/',
          expect.stringMatching(/^dataset line \d+ does not parse: low "oops" is not a number/),
        ],
      ]);
    });
  });

  it('processes requested raw keys (S3 events) even when the listing shows them as already indexed', async () => {
    const { store, dir, cleanup } = await makeTempStore();
    try {
      const lines = yahooLines('SOL', '2024-01-01', '2024-01-10');
      const original = csvFixture('SOL', lines, at('2024-02-11T00:10:00.000Z', '2024-01-01', '2024-01-10'));
      await put(store, [{ fixture: original, valid: [] }]);
      await runPreprocess({ store, clock, logger: captureLogger().logger });
      // A same-size rewrite within the same mtime: invisible to the listing, not to an event naming the key.
      const file = join(dir, ...original.key.split('/'));
      const { mtime } = await stat(file);
      const lastLine = lines.trimEnd().split('\n').pop() as string;
      // The volume's last digit changes: the same size, still a valid candle.
      const revisedLine = lastLine.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
      const revised = csvFixture(
        'SOL',
        lines.replace(lastLine, revisedLine),
        at('2024-02-11T00:20:00.000Z', '2024-01-01', '2024-01-10'),
      );
      await store.put(revised.key, stableJson(revised.envelope));
      await utimes(file, mtime, mtime);

      const listed = await runPreprocess({ store, clock, logger: captureLogger().logger });
      const requested = await runPreprocess(
        { store, clock, logger: captureLogger().logger },
        { rawKeys: [revised.key] },
      );

      expect(listed.raw.read).toBe(0);
      expect(requested.raw.read).toBe(1);
      expect(requested.symbols).toEqual([
        expect.objectContaining({ symbol: 'SOL', rebuilt: true, updated: 1, dataset: 'written' }),
      ]);
      const dataset = ((await store.get('processed/daily/symbol=SOL/ohlcv.csv')) as Buffer).toString();
      expect(dataset).toBe(
        formatCandlesCsv(parseCandlesCsv(revised.envelope.body as string, { symbol: 'SOL' }).candles),
      );
    } finally {
      await cleanup();
    }
  });
});
