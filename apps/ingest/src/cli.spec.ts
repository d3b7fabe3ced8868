import { SAMPLE_SYMBOLS, loadSampleCandles, sampleDataDir } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { rawCandlesKey } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import * as path from 'node:path';
import { runCli, type CliDeps } from './cli';
import { startFakeProviderServer, type FakeProviderServer } from './testing/fake-provider-server';
import { snapshotStore } from './testing/store-snapshot';
import { TEST_NOW } from './testing/test-deps';
import { virtualTime } from './testing/virtual-time';

let temp: Awaited<ReturnType<typeof makeTempStore>>;

beforeEach(async () => {
  temp = await makeTempStore();
});

afterEach(async () => {
  await temp.cleanup();
});

/** Runs the CLI like main.ts does, with captured output streams. */
async function cli(
  argv: string[],
  options: { env?: Record<string, string>; tty?: boolean; signal?: AbortSignal } = {},
) {
  let stdout = '';
  let stderr = '';
  const time = virtualTime(TEST_NOW);
  const deps: CliDeps = {
    env: { STORE_URL: temp.dir, INGEST_CSV_DIR: path.join(sampleDataDir(), 'yahoo'), ...options.env },
    fetch,
    clock: time.clock,
    sleep: time.sleep,
    logger: captureLogger('ingest').logger,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const code = await runCli(argv, deps);
  return { code, stdout, stderr };
}

describe('ingest CLI', () => {
  it('backfill --source csv fills raw/ for the five default assets, then says nothing is new', async () => {
    const first = await cli(['backfill', '--source', 'csv']);
    const snapshot = await snapshotStore(temp.store);
    const second = await cli(['backfill', '--source', 'csv']);

    expect(first.code).toBe(0);
    expect(Object.keys(snapshot)).toEqual(
      SAMPLE_SYMBOLS.map((s) => rawCandlesKey('csv', s, '2024-02-11')).sort(),
    );
    expect(first.stdout).toMatch(
      /^symbol\s+status\s+pages\s+written\s+updated\s+unchanged\s+empty\s+candles\s+days$/m,
    );
    expect(first.stdout).toMatch(
      /^BTC\s+succeeded\s+1\/1\s+1\s+0\s+0\s+0\s+3435\s+2014-09-17\.\.2024-02-11$/m,
    );
    expect(first.stdout).toContain('5 written, 0 updated, 0 unchanged');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing new: 5 objects unchanged');
    expect(await snapshotStore(temp.store)).toEqual(snapshot);
  });

  it('prints plain progress lines when stderr is not a terminal', async () => {
    const { stderr } = await cli(['backfill', '--source', 'csv', '--symbols', 'BTC,SOL']);

    expect(stderr.split('\n')).toEqual(
      expect.arrayContaining([
        'BTC page 1/1: written 2014-09-17..2024-02-11',
        'BTC succeeded after 1/1 page(s)',
        'SOL page 1/1: written 2020-04-10..2024-02-11',
      ]),
    );
    expect(stderr).not.toContain('\r');
  });

  it('rewrites one progress line in place on a terminal', async () => {
    const { stderr } = await cli(['backfill', '--source', 'csv', '--symbols', 'BTC,ETH'], { tty: true });

    const frames = stderr.split('\r\x1b[2K').filter((f) => f !== '');
    expect(frames.length).toBeGreaterThanOrEqual(4);
    expect(frames[frames.length - 1]).toBe('BTC 1/1 ✓  ETH 1/1 ✓\n');
  });

  it('pages a CryptoCompare backfill from the flags and exits non-zero when a symbol fails', async () => {
    const server: FakeProviderServer = await startFakeProviderServer({
      cryptocompare: { BTC: loadSampleCandles('BTC') },
      delayMs: 0,
    });
    try {
      const env = { CRYPTOCOMPARE_BASE_URL: server.url, INGEST_REQUESTS_PER_SECOND: '1000' };

      const run = await cli(
        [
          'backfill',
          '--source',
          'cryptocompare',
          '--symbols',
          'btc,ETH',
          '--from',
          '2020-01-01',
          '--to',
          '2024-01-31',
        ],
        { env },
      );

      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(/^BTC\s+succeeded\s+1\/1\s+1\s/m);
      expect(run.stdout).toContain('ETH failed: [INGEST_PROVIDER_REJECTED]');
      expect(run.stdout).toContain('failed for 1 of 2 symbol(s) (ETH)');
      expect(Object.keys(await snapshotStore(temp.store))).toEqual([
        rawCandlesKey('cryptocompare', 'BTC', '2024-01-31'),
      ]);
    } finally {
      await server.close();
    }
  });

  it('exits 5 and reports the run as aborted when stopped by a signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('SIGINT received'));

    const run = await cli(['backfill', '--source', 'csv', '--symbols', 'BTC'], { signal: controller.signal });

    expect(run.code).toBe(5);
    expect(run.stdout).toContain('aborted: failed for 1 of 1 symbol(s) (BTC)');
    expect(await snapshotStore(temp.store)).toEqual({});
  });

  it('answers usage mistakes with a message and exit code 2, touching nothing', async () => {
    const cases: [string[], string][] = [
      [[], 'a mode is required: daily or backfill'],
      [['weekly'], "unknown mode 'weekly'"],
      [['daily', '--source', 'kraken'], "--source 'kraken' is not one of cryptocompare, binance, csv"],
      [['backfill', '--from', '2024-02-30'], "--from '2024-02-30' is not a YYYY-MM-DD calendar day"],
      [['backfill', '--frm', '2024-01-01'], "Unknown option '--frm'"],
      [['backfill', '--source', 'binance'], 'backfill from binance needs a first day (from)'],
      [['backfill', '--source', 'csv', '--to', '2024-02-12'], 'to 2024-02-12 is not a complete UTC day yet'],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect(await snapshotStore(temp.store)).toEqual({});
  });

  it('reports every bad environment variable at once', async () => {
    const run = await cli(['daily'], {
      env: { INGEST_CONCURRENCY: '0', BINANCE_BASE_URL: 'ftp://x', INGEST_SOURCE: 'kraken' },
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Environment variable INGEST_CONCURRENCY must be an integer between 1 and 32',
    );
    expect(run.stderr).toContain(
      'Environment variable INGEST_SOURCE must be one of cryptocompare, binance, csv',
    );
    expect(run.stderr).toContain(
      "Environment variable BINANCE_BASE_URL must be an http(s) URL, got 'ftp://x'",
    );
  });

  it('prints the usage with --help', async () => {
    const run = await cli(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: npm run ingest -- <daily|backfill> [options]');
  });

  it('writes where --store says, over STORE_URL', async () => {
    const other = await makeTempStore();
    try {
      await cli(['backfill', '--source', 'csv', '--symbols', 'XRP', '--store', `file://${other.dir}`]);

      expect(Object.keys(await snapshotStore(other.store))).toEqual([
        rawCandlesKey('csv', 'XRP', '2024-02-11'),
      ]);
      expect(await snapshotStore(temp.store)).toEqual({});
    } finally {
      await other.cleanup();
    }
  });
});
