import { parseCandlesCsv } from '@cf/ohlcv';
import { SAMPLE_SYMBOLS, loadSampleCandles, sampleDataDir } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { listAll, rawCandlesKey } from '@cf/storage';
import { makeTempStore, startLocalS3 } from '@cf/storage/testing';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readEnvelope, snapshotStore } from '../testing/store-snapshot';
import { testDeps } from '../testing/test-deps';
import { virtualTime } from '../testing/virtual-time';
import type { IngestDeps } from './run-ingest';
import { runIngest } from './run-ingest';

const yahooDir = path.join(sampleDataDir(), 'yahoo');
let temp: Awaited<ReturnType<typeof makeTempStore>>;
let csvDir: string;

beforeEach(async () => {
  temp = await makeTempStore();
  csvDir = await mkdtemp(path.join(tmpdir(), 'ingest-csv-'));
});

afterEach(async () => {
  await temp.cleanup();
  await rm(csvDir, { recursive: true, force: true });
});

function deps(dir: string, extra: Partial<IngestDeps> = {}): IngestDeps {
  return {
    ...testDeps({ store: temp.store, logger: captureLogger('ingest').logger, settings: { csvDir: dir } }),
    ...extra,
  };
}

describe('runIngest with CSV files', () => {
  it('imports the five bundled assets, one object per file at its last day, and a second run writes nothing', async () => {
    const request = { mode: 'backfill', source: 'csv', symbols: [...SAMPLE_SYMBOLS] } as const;

    const first = await runIngest(deps(yahooDir), request);
    const snapshot = await snapshotStore(temp.store);
    const second = await runIngest(
      deps(yahooDir, { clock: virtualTime('2024-03-01T00:00:00.000Z').clock }),
      request,
    );

    expect(first.status).toBe('succeeded');
    // Rows per sample-data/README.md: BTC 3435, ETH, BNB and XRP 2286 each, SOL 1403.
    expect(first.totals).toMatchObject({ written: 5, candles: 3435 + 3 * 2286 + 1403 });
    expect(Object.keys(snapshot)).toEqual(
      SAMPLE_SYMBOLS.map((s) => rawCandlesKey('csv', s, '2024-02-11')).sort(),
    );
    for (const symbol of SAMPLE_SYMBOLS) {
      const envelope = await readEnvelope<string>(temp.store, rawCandlesKey('csv', symbol, '2024-02-11'));
      const file = await readFile(path.join(yahooDir, `${symbol}-USD_1d.csv`), 'utf8');
      expect(envelope.body).toBe(file);
      expect(envelope).toMatchObject({
        contentType: 'text/csv',
        request: { file: `${symbol}-USD_1d.csv`, to: '2024-02-11' },
      });
      expect(envelope.coverage).toEqual({ from: loadSampleCandles(symbol)[0].date, to: '2024-02-11' });
      expect(parseCandlesCsv(envelope.body, { symbol }).candles).toEqual(loadSampleCandles(symbol));
    }
    expect(second.totals).toMatchObject({ written: 0, updated: 0, unchanged: 5 });
    expect(await snapshotStore(temp.store)).toEqual(snapshot);
  });

  it('never stores the current day or later: those lines are left out and coverage ends at the last complete day', async () => {
    const text =
      'date,symbol,open,high,low,close,volume\n' +
      '2024-02-10,BTC,47153.5,48146.2,46905.3,47771.3,16398681570\n' +
      '2024-02-11,BTC,47768.9,48535.9,47617.4,48293.9,19315867136\n' +
      '2024-02-12,BTC,48296.4,50280.5,48296.4,49958.2,34511985805\n' +
      '2024-02-13,BTC,49941.3,50358.4,48406.5,49742.4,35593051468\n';
    await writeFile(path.join(csvDir, 'BTC.csv'), text);

    const report = await runIngest(deps(csvDir), { mode: 'backfill', source: 'csv', symbols: ['BTC'] });

    expect(report.symbols[0]).toMatchObject({
      written: 1,
      candles: 2,
      firstDay: '2024-02-10',
      lastDay: '2024-02-11',
    });
    const envelope = await readEnvelope<string>(temp.store, rawCandlesKey('csv', 'BTC', '2024-02-11'));
    expect(envelope.body).toBe(text.split('\n').slice(0, 3).join('\n') + '\n');
    expect(envelope.coverage).toEqual({ from: '2024-02-10', to: '2024-02-11' });
  });

  it('keeps only the lines of the requested days when from/to are given, and reads CryptoCompare-style files', async () => {
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
    const text =
      'time,open,high,low,close,volumefrom,volumeto\r\n' +
      `${day('2024-01-30')},1,2,0.5,1.5,10,15\r\n` +
      `${day('2024-01-31')},1.5,2,1,1.8,10,18\r\n` +
      `${day('2024-02-01')},1.8,2.2,1.7,2.1,10,21\r\n`;
    await writeFile(path.join(csvDir, 'ETH-USD_1d.csv'), text);

    await runIngest(deps(csvDir), {
      mode: 'backfill',
      source: 'csv',
      symbols: ['ETH'],
      from: '2024-01-31',
      to: '2024-01-31',
    });

    const envelope = await readEnvelope<string>(temp.store, rawCandlesKey('csv', 'ETH', '2024-01-31'));
    expect(envelope.body).toBe(text.split('\r\n')[0] + '\r\n' + text.split('\r\n')[2] + '\r\n');
    expect(envelope.request).toEqual({ file: 'ETH-USD_1d.csv', from: '2024-01-31', to: '2024-01-31' });
  });

  it('fails a symbol whose file is missing or unreadable, with the reason, and imports the others', async () => {
    await writeFile(path.join(csvDir, 'BTC.csv'), 'day,price\n2024-01-01,1\n');
    await writeFile(path.join(csvDir, 'ETH.csv'), await readFile(path.join(yahooDir, 'ETH-USD_1d.csv')));

    const report = await runIngest(deps(csvDir), {
      mode: 'backfill',
      source: 'csv',
      symbols: ['BTC', 'ETH', 'SOL'],
    });

    expect(report.status).toBe('failed');
    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_CSV_INVALID' });
    expect(report.symbols[0].error!.message).toContain('lacks column(s)');
    expect(report.symbols[1]).toMatchObject({ status: 'succeeded', written: 1 });
    expect(report.symbols[2].error).toMatchObject({ code: 'INGEST_CSV_NOT_FOUND' });
    expect(report.symbols[2].error!.message).toContain('looked for SOL.csv, SOL-USD_1d.csv, SOLUSDT_1d.csv');
    expect((await listAll(temp.store, '')).map((o) => o.key)).toEqual([
      rawCandlesKey('csv', 'ETH', '2024-02-11'),
    ]);
  });

  it('daily over a file without recent rows writes nothing and reports the empty page', async () => {
    const report = await runIngest(deps(yahooDir, { clock: virtualTime('2024-06-01T00:00:00.000Z').clock }), {
      mode: 'daily',
      source: 'csv',
      symbols: ['BTC'],
    });

    expect(report.symbols[0]).toMatchObject({ status: 'succeeded', empty: 1, written: 0 });
    expect(await listAll(temp.store, '')).toEqual([]);
  });

  it('writes to an S3-compatible store the same way, and a second run changes nothing', async () => {
    const s3 = await startLocalS3();
    try {
      const store = s3.createStore('ingest');
      const request = { mode: 'backfill', source: 'csv', symbols: ['BTC', 'SOL'] } as const;

      await runIngest(deps(yahooDir, { store }), request);
      const first = await snapshotStore(store);
      const second = await runIngest(deps(yahooDir, { store }), request);

      expect(Object.keys(first)).toEqual([
        rawCandlesKey('csv', 'BTC', '2024-02-11'),
        rawCandlesKey('csv', 'SOL', '2024-02-11'),
      ]);
      expect(second.totals).toMatchObject({ written: 0, unchanged: 2 });
      expect(await snapshotStore(store)).toEqual(first);
      const envelope = await readEnvelope<string>(store, rawCandlesKey('csv', 'SOL', '2024-02-11'));
      expect(envelope.body).toBe(await readFile(path.join(yahooDir, 'SOL-USD_1d.csv'), 'utf8'));
    } finally {
      await s3.close();
    }
  });
});
