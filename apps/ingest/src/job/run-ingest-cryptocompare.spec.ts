import { addDays, dayToEpochMs, epochMsToDay, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { listAll, rawCandlesKey } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { InvalidIngestRequestError } from '../errors';
import { startFakeProviderServer, type FakeProviderServer } from '../testing/fake-provider-server';
import { readEnvelope, readResponse, snapshotStore } from '../testing/store-snapshot';
import { testDeps } from '../testing/test-deps';
import { virtualTime } from '../testing/virtual-time';
import { runIngest } from './run-ingest';

interface HistodayRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeto: number;
}
type Histoday = { Response: string; Data: { Data: HistodayRow[] } };

const API_KEY = 'cc-secret-key-6f1d2e';
const symbols = ['BTC', 'ETH', 'SOL'];
let server: FakeProviderServer;
let temp: Awaited<ReturnType<typeof makeTempStore>>;

beforeEach(async () => {
  server = await startFakeProviderServer({
    cryptocompare: Object.fromEntries(
      ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'].map((s) => [s, loadSampleCandles(s)]),
    ),
  });
  temp = await makeTempStore();
});

afterEach(async () => {
  await server.close();
  await temp.cleanup();
});

function deps(extra: Partial<Parameters<typeof testDeps>[0]> = {}) {
  const log = captureLogger('ingest');
  return {
    ...testDeps({
      store: temp.store,
      logger: log.logger,
      baseUrl: server.url,
      ...extra,
      settings: { ...extra.settings, cryptocompare: { apiKey: API_KEY, ...extra.settings?.cryptocompare } },
    }),
    lines: log.lines,
  };
}

/** The sample candles as CryptoCompare rows keyed by day, the independent reference for stored prices. */
function byDay(candles: readonly Candle[]): Map<string, Candle> {
  return new Map(candles.map((c) => [c.date, c]));
}

function expectRowsMatchSample(rows: readonly HistodayRow[], symbol: string): number {
  const sample = byDay(loadSampleCandles(symbol));
  let real = 0;
  for (const row of rows) {
    if (row.close === 0) continue;
    const candle = sample.get(epochMsToDay(row.time * 1000));
    expect(candle).toBeDefined();
    expect([row.open, row.high, row.low, row.close, row.volumeto]).toEqual([
      candle!.open,
      candle!.high,
      candle!.low,
      candle!.close,
      candle!.volume,
    ]);
    real++;
  }
  return real;
}

describe('runIngest with CryptoCompare', () => {
  it('daily: stores the last 3 complete days in one object at the last complete day', async () => {
    // Prepare
    const d = deps();

    // Act
    const report = await runIngest(d, { mode: 'daily', source: 'cryptocompare', symbols: ['BTC', 'ETH'] });

    // Assert
    expect(report.status).toBe('succeeded');
    expect(report).toMatchObject({
      from: '2024-02-09',
      to: '2024-02-11',
      totals: { written: 2, candles: 6 },
    });
    const envelope = await readEnvelope(temp.store, rawCandlesKey('cryptocompare', 'BTC', '2024-02-11'));
    const response = await readResponse<Histoday>(
      temp.store,
      rawCandlesKey('cryptocompare', 'BTC', '2024-02-11'),
    );
    expect(envelope).toMatchObject({
      schemaVersion: 2,
      source: 'cryptocompare',
      symbol: 'BTC',
      coverage: { from: '2024-02-09', to: '2024-02-11' },
      contentType: 'application/json',
      fetchedAt: '2024-02-12T06:00:00.000Z',
      request: { fsym: 'BTC', tsym: 'USD', limit: 2, toTs: dayToEpochMs('2024-02-12') / 1000 - 1 },
    });
    expect(Object.keys(envelope.request).sort()).toEqual(['fsym', 'limit', 'toTs', 'tsym']);
    expect(response.Data.Data.map((r) => epochMsToDay(r.time * 1000))).toEqual([
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
    ]);
    expect(expectRowsMatchSample(response.Data.Data, 'BTC')).toBe(3);
    expect((await listAll(temp.store, '')).map((o) => o.key)).toEqual([
      'raw/source=cryptocompare/symbol=BTC/dt=2024-02-11/candles.json',
      'raw/source=cryptocompare/symbol=ETH/dt=2024-02-11/candles.json',
    ]);
  });

  it('sends the API key as a header only: never in the URL, the stored objects or the logs', async () => {
    const d = deps();

    await runIngest(d, { mode: 'backfill', source: 'cryptocompare', symbols: ['BTC'], from: '2024-01-01' });

    expect(server.requests.length).toBeGreaterThan(0);
    for (const request of server.requests) {
      expect(request.headers.authorization).toBe(`Apikey ${API_KEY}`);
      expect(JSON.stringify(request.query)).not.toContain(API_KEY);
    }
    for (const object of await listAll(temp.store, '')) {
      expect((await temp.store.get(object.key))!.toString('utf8')).not.toContain(API_KEY);
    }
    expect(d.lines().length).toBeGreaterThan(0);
    expect(JSON.stringify(d.lines())).not.toContain(API_KEY);
  });

  it('backfill: pages of at most pageDays aligned to `from`, newest first, one object per page at its last day', async () => {
    const d = deps({ settings: { cryptocompare: { pageDays: 100 } } });

    const report = await runIngest(d, {
      mode: 'backfill',
      source: 'cryptocompare',
      symbols: ['ETH'],
      from: '2023-06-01',
      to: '2024-02-10',
    });

    // 2023-06-01..2024-02-10 is 255 days: pages of 100, 100 and 55 days, asked for newest first.
    const pageEnds = ['2023-09-08', '2023-12-17', '2024-02-10'];
    expect(server.requests.map((r) => epochMsToDay(Number(r.query.toTs) * 1000))).toEqual(
      [...pageEnds].reverse(),
    );
    expect(server.requests.map((r) => r.query.limit)).toEqual(['54', '99', '99']);
    expect(report.symbols[0]).toMatchObject({
      status: 'succeeded',
      pagesPlanned: 3,
      pagesFetched: 3,
      written: 3,
      candles: 255,
    });
    const keys = (await listAll(temp.store, '')).map((o) => o.key);
    expect(keys).toEqual(pageEnds.map((day) => rawCandlesKey('cryptocompare', 'ETH', day)));
    let from = '2023-06-01';
    for (const day of pageEnds) {
      const envelope = await readEnvelope(temp.store, rawCandlesKey('cryptocompare', 'ETH', day));
      const response = await readResponse<Histoday>(temp.store, rawCandlesKey('cryptocompare', 'ETH', day));
      expect(envelope.coverage).toEqual({ from, to: day });
      expect(expectRowsMatchSample(response.Data.Data, 'ETH')).toBe(response.Data.Data.length);
      from = addDays(day, 1);
    }
  });

  it('keeps zero-padded rows before an asset existed in the body, but not in the coverage, and stops paging back', async () => {
    const d = deps({ settings: { cryptocompare: { pageDays: 60 } } });

    // SOL's first candle is 2020-04-10. Pages: 2019-11-02..12-31, 2020-01-01..02-29, 03-01..04-29 (40 padded
    // rows, 20 candles) and 04-30..06-28; paging back stops at the all-padding second page.
    const report = await runIngest(d, {
      mode: 'backfill',
      source: 'cryptocompare',
      symbols: ['SOL'],
      from: '2019-11-02',
      to: '2020-06-28',
    });

    expect(report.symbols[0]).toMatchObject({
      pagesPlanned: 4,
      pagesFetched: 3,
      pagesSkipped: 1,
      empty: 1,
      written: 2,
    });
    expect(report.status).toBe('succeeded');
    expect(server.requests.map((r) => epochMsToDay(Number(r.query.toTs) * 1000))).toEqual([
      '2020-06-28',
      '2020-04-29',
      '2020-02-29',
    ]);
    const envelope = await readEnvelope(temp.store, rawCandlesKey('cryptocompare', 'SOL', '2020-04-29'));
    const response = await readResponse<Histoday>(
      temp.store,
      rawCandlesKey('cryptocompare', 'SOL', '2020-04-29'),
    );
    expect(envelope.coverage).toEqual({ from: '2020-04-10', to: '2020-04-29' });
    const rows = response.Data.Data;
    expect(rows).toHaveLength(60);
    expect(rows.filter((r) => r.open === 0 && r.high === 0 && r.low === 0 && r.close === 0)).toHaveLength(40);
    expect(expectRowsMatchSample(rows, 'SOL')).toBe(20);
    expect((await listAll(temp.store, '')).map((o) => o.key)).toEqual([
      rawCandlesKey('cryptocompare', 'SOL', '2020-04-29'),
      rawCandlesKey('cryptocompare', 'SOL', '2020-06-28'),
    ]);
  });

  it('treats padding rows with time 0 the same way', async () => {
    await server.close();
    server = await startFakeProviderServer({
      cryptocompare: { SOL: loadSampleCandles('SOL') },
      padding: 'time-zero',
    });
    const d = deps();

    const report = await runIngest(d, {
      mode: 'backfill',
      source: 'cryptocompare',
      symbols: ['SOL'],
      from: '2020-04-01',
      to: '2020-04-30',
    });

    expect(report.symbols[0]).toMatchObject({ written: 1, candles: 21 });
    const envelope = await readEnvelope(temp.store, rawCandlesKey('cryptocompare', 'SOL', '2020-04-30'));
    const response = await readResponse<Histoday>(
      temp.store,
      rawCandlesKey('cryptocompare', 'SOL', '2020-04-30'),
    );
    expect(envelope.coverage).toEqual({ from: '2020-04-10', to: '2020-04-30' });
    expect(response.Data.Data.filter((r) => r.time === 0)).toHaveLength(9);
  });

  it('is idempotent: a second run leaves every object byte for byte, fetchedAt included', async () => {
    const request = { mode: 'backfill', source: 'cryptocompare', symbols, from: '2023-01-01' } as const;
    await runIngest(deps({ settings: { cryptocompare: { pageDays: 200 } } }), request);
    const first = await snapshotStore(temp.store);

    // A later clock: unchanged bodies must keep their original fetchedAt.
    const later = virtualTime('2024-02-12T18:30:00.000Z');
    const report = await runIngest(
      deps({ time: later, settings: { cryptocompare: { pageDays: 200 } } }),
      request,
    );

    expect(await snapshotStore(temp.store)).toEqual(first);
    // 2023-01-01..2024-02-11 is 407 days: pages of 200, 200 and 7 days for each of 3 symbols.
    expect(Object.keys(first)).toHaveLength(9);
    expect(report.totals).toMatchObject({ written: 0, updated: 0, unchanged: 9 });
  });

  it('overwrites an object whose body changed (a revised candle) and reports it as updated', async () => {
    await runIngest(deps(), { mode: 'daily', source: 'cryptocompare', symbols: ['BTC'] });
    const key = rawCandlesKey('cryptocompare', 'BTC', '2024-02-11');
    const before = await readEnvelope(temp.store, key);
    await server.close();
    const revised = loadSampleCandles('BTC').map((c) =>
      c.date === '2024-02-10' ? { ...c, close: c.close + 1 } : c,
    );
    server = await startFakeProviderServer({ cryptocompare: { BTC: revised } });

    const report = await runIngest(deps({ time: virtualTime('2024-02-12T09:00:00.000Z') }), {
      mode: 'daily',
      source: 'cryptocompare',
      symbols: ['BTC'],
    });

    expect(report.symbols[0]).toMatchObject({ updated: 1, written: 0 });
    const after = await readEnvelope(temp.store, key);
    const stored = await readResponse<Histoday>(temp.store, key);
    expect(after.bodySha256).not.toBe(before.bodySha256);
    expect(after.fetchedAt).toBe('2024-02-12T09:00:00.000Z');
    expect(stored.Data.Data[1].close).toBe(
      loadSampleCandles('BTC', { from: '2024-02-10', to: '2024-02-10' })[0].close + 1,
    );
  });

  it('never lets a narrower daily response replace a backfill page ending the same day', async () => {
    await runIngest(deps(), {
      mode: 'backfill',
      source: 'cryptocompare',
      symbols: ['BTC'],
      from: '2024-01-01',
    });
    const before = await snapshotStore(temp.store);

    const report = await runIngest(deps({ time: virtualTime('2024-02-12T10:00:00.000Z') }), {
      mode: 'daily',
      source: 'cryptocompare',
      symbols: ['BTC'],
    });

    expect(report.symbols[0]).toMatchObject({ unchanged: 1, written: 0, updated: 0 });
    expect(await snapshotStore(temp.store)).toEqual(before);
  });

  it('handles an error body sent with HTTP 200 as a failure of that symbol only, without retrying it', async () => {
    server.addFault({
      when: (r) => r.symbol === 'ETH',
      fault: { type: 'cc-error', message: 'fsym param seems to be invalid.' },
    });
    const d = deps();

    const report = await runIngest(d, {
      mode: 'daily',
      source: 'cryptocompare',
      symbols: ['BTC', 'ETH', 'SOL'],
    });

    expect(report.status).toBe('failed');
    const eth = report.symbols.find((s) => s.symbol === 'ETH')!;
    expect(eth.status).toBe('failed');
    expect(eth.error).toMatchObject({ code: 'INGEST_PROVIDER_REJECTED' });
    expect(eth.error!.message).toContain('fsym param seems to be invalid.');
    expect(server.requests.filter((r) => r.symbol === 'ETH')).toHaveLength(1);
    expect(report.symbols.filter((s) => s.status === 'succeeded').map((s) => s.symbol)).toEqual([
      'BTC',
      'SOL',
    ]);
    expect((await listAll(temp.store, '')).map((o) => o.key)).toEqual([
      rawCandlesKey('cryptocompare', 'BTC', '2024-02-11'),
      rawCandlesKey('cryptocompare', 'SOL', '2024-02-11'),
    ]);
  });

  it("reports an asset CryptoCompare does not know with the provider's message", async () => {
    const report = await runIngest(deps(), {
      mode: 'daily',
      source: 'cryptocompare',
      symbols: ['NOPE', 'BTC'],
    });

    expect(report.symbols[0].error!.message).toContain('market does not exist for this coin pair (NOPE-USD)');
    expect(report.symbols[1].status).toBe('succeeded');
  });

  it('retries the CryptoCompare rate-limit error body (Type 99)', async () => {
    server.addFault({
      fault: {
        type: 'cc-error',
        message: 'You are over your rate limit please upgrade your account!',
        ccType: 99,
      },
    });
    const d = deps();

    const report = await runIngest(d, { mode: 'daily', source: 'cryptocompare', symbols: ['BTC'] });

    expect(report.status).toBe('succeeded');
    expect(server.requests).toHaveLength(2);
    expect(d.time.sleeps).toHaveLength(1);
  });

  it('writes nothing for an empty result and reports it', async () => {
    server.addFault({ when: (r) => r.symbol === 'BTC', fault: { type: 'empty' } });

    const report = await runIngest(deps(), {
      mode: 'daily',
      source: 'cryptocompare',
      symbols: ['BTC', 'ETH'],
    });

    expect(report.symbols[0]).toMatchObject({
      symbol: 'BTC',
      status: 'succeeded',
      empty: 1,
      written: 0,
      candles: 0,
    });
    expect((await listAll(temp.store, '')).map((o) => o.key)).toEqual([
      rawCandlesKey('cryptocompare', 'ETH', '2024-02-11'),
    ]);
  });

  it('refuses a response carrying another asset’s prices where history is already stored', async () => {
    await runIngest(deps({ time: virtualTime('2024-02-11T06:00:00.000Z') }), {
      mode: 'daily',
      source: 'cryptocompare',
      symbols: ['BTC', 'ETH'],
    });
    const before = await snapshotStore(temp.store);
    server.addFault({ when: (r) => r.symbol === 'BTC', fault: { type: 'symbol', symbol: 'ETH' } });

    const report = await runIngest(deps(), {
      mode: 'daily',
      source: 'cryptocompare',
      symbols: ['BTC', 'ETH'],
    });

    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_SYMBOL_MISMATCH' });
    expect(report.symbols[0].error!.message).toContain(rawCandlesKey('cryptocompare', 'BTC', '2024-02-10'));
    expect(report.symbols[1].status).toBe('succeeded');
    const after = await snapshotStore(temp.store);
    expect(Object.keys(after).filter((k) => !(k in before))).toEqual([
      rawCandlesKey('cryptocompare', 'ETH', '2024-02-11'),
    ]);
  });

  it('refuses a request for the current, incomplete day or a misordered range, listing every problem', async () => {
    const run = (request: Parameters<typeof runIngest>[1]) => runIngest(deps(), request);

    await expect(
      run({
        mode: 'backfill',
        source: 'cryptocompare',
        symbols: ['BTC'],
        from: '2024-02-01',
        to: '2024-02-12',
      }),
    ).rejects.toThrow('to 2024-02-12 is not a complete UTC day yet; the last complete day is 2024-02-11');
    const error = await run({
      mode: 'backfill',
      source: 'cryptocompare',
      symbols: ['btc', 'BTC', 'BTC'],
      from: '2024-02-10',
      to: '2024-02-01',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidIngestRequestError);
    expect((error as Error).message).toContain("symbol 'btc' is not valid");
    expect((error as Error).message).toContain('symbol BTC is listed twice');
    expect((error as Error).message).toContain('from 2024-02-10 is after to 2024-02-01');
    await expect(run({ mode: 'backfill', source: 'cryptocompare', symbols: ['BTC'] })).rejects.toThrow(
      'needs a first day',
    );
    await expect(
      run({ mode: 'daily', source: 'cryptocompare', symbols: ['BTC'], from: '2024-01-01' }),
    ).rejects.toThrow('daily mode takes no from/to');
    expect(server.requests).toHaveLength(0);
  });

  it('never asks for the current day, whatever the time of day', async () => {
    for (const now of ['2024-02-12T00:00:00.000Z', '2024-02-12T23:59:59.999Z']) {
      await runIngest(deps({ time: virtualTime(now) }), {
        mode: 'daily',
        source: 'cryptocompare',
        symbols: ['BTC'],
      });
    }

    expect(server.requests.map((r) => Number(r.query.toTs))).toEqual([1707695999, 1707695999]);
    expect(new Date(1707695999 * 1000).toISOString()).toBe('2024-02-11T23:59:59.000Z');
  });
});
