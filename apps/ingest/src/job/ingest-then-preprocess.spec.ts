// End to end across the store, the only contract between the two services: ingest (this app, in process,
// against the loopback provider server) writes raw/, then preprocess's own CLI runs as a separate process on
// the same store, exactly as `npm run preprocess` would.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { formatCandlesCsv, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { getJson, getText } from '@cf/storage';
import { useProviderTestbed } from '../testing/provider-testbed';
import { TEST_NOW } from '../testing/test-deps';
import { runIngest } from './run-ingest';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const from = '2024-01-29';
const to = '2024-02-11';

interface QuarantineEntry {
  rawKey: string;
  at: string;
  reasons: string[];
  detail: string;
  row: unknown;
}

async function runPreprocessCli(storeDir: string): Promise<{ symbols: { symbol: string; rows: number }[] }> {
  const { stdout } = await promisify(execFile)(
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    [path.join(repoRoot, 'apps', 'preprocess', 'src', 'main.ts'), '--store', storeDir, '--json'],
    { cwd: repoRoot, env: { ...process.env, CLOCK_NOW: TEST_NOW, LOG_LEVEL: 'silent' }, timeout: 60_000 },
  );
  return JSON.parse(stdout) as { symbols: { symbol: string; rows: number }[] };
}

describe('a provider page with malformed rows, ingested then preprocessed', () => {
  const bed = useProviderTestbed({
    cryptocompare: { BTC: loadSampleCandles('BTC'), ETH: loadSampleCandles('ETH') },
  });

  it('publishes every good row and quarantines exactly the malformed ones, with their reasons', async () => {
    // BTC's page: a bare NaN, a null, a number sent as a string, a time in milliseconds; ETH's page is clean.
    bed.server.addFault({
      when: (r) => r.symbol === 'BTC',
      fault: {
        type: 'edit',
        edit: (text) => {
          const body = JSON.parse(text) as { Data: { Data: Record<string, unknown>[] } };
          const rows = body.Data.Data;
          rows[1] = { ...rows[1], close: 'NAN-TOKEN' };
          rows[4] = { ...rows[4], open: null };
          rows[6] = { ...rows[6], high: String(rows[6]['high']) };
          rows[9] = { ...rows[9], time: (rows[9]['time'] as number) * 1000 };
          return JSON.stringify(body).replace('"close":"NAN-TOKEN"', '"close":NaN');
        },
      },
    });
    const ingested = await runIngest(bed.deps(), {
      mode: 'backfill',
      source: 'cryptocompare',
      symbols: ['BTC', 'ETH'],
      from,
      to,
    });
    expect(ingested.status).toBe('succeeded');
    expect(ingested.symbols.map((s) => [s.symbol, s.candles, s.malformedRows])).toEqual([
      ['BTC', 10, 4],
      ['ETH', 14, 0],
    ]);

    const report = await runPreprocessCli(bed.dir);

    expect(report.symbols.map((s) => [s.symbol, s.rows])).toEqual([
      ['BTC', 10],
      ['ETH', 14],
    ]);
    const btc = loadSampleCandles('BTC', { from, to });
    const bad = new Set([1, 4, 6, 9].map((i) => btc[i].date));
    const expected = (candles: readonly Candle[]) => formatCandlesCsv(candles);
    expect(await getText(bed.store, 'processed/daily/symbol=BTC/ohlcv.csv')).toBe(
      expected(btc.filter((c) => !bad.has(c.date))),
    );
    expect(await getText(bed.store, 'processed/daily/symbol=ETH/ohlcv.csv')).toBe(
      expected(loadSampleCandles('ETH', { from, to })),
    );
    const quarantine = await getJson<{ entries: QuarantineEntry[] }>(
      bed.store,
      'processed/quarantine/dt=2024-02-12/symbol=BTC.json',
    );
    expect(quarantine!.entries.map((e) => [e.rawKey, e.at, e.reasons, e.detail])).toEqual([
      [
        ingested.symbols[0].objects[0].key,
        'Data.Data[1]',
        ['non-finite-price'],
        'close NaN is not a finite number',
      ],
      [ingested.symbols[0].objects[0].key, 'Data.Data[4]', ['wrong-type'], 'open null is not a number'],
      [
        ingested.symbols[0].objects[0].key,
        'Data.Data[6]',
        ['number-as-string'],
        `high "${btc[6].high}" is a string, expected a JSON number`,
      ],
      [
        ingested.symbols[0].objects[0].key,
        'Data.Data[9]',
        ['wrong-time-unit'],
        `time ${Date.parse(`${btc[9].date}T00:00:00Z`)} is epoch milliseconds (${btc[9].date}T00:00:00.000Z); ` +
          'expected epoch seconds, not converted',
      ],
    ]);
    expect(await getJson(bed.store, 'processed/quarantine/dt=2024-02-12/symbol=ETH.json')).toBeUndefined();
  }, 90_000);
});
