import { addDays, dayToEpochMs, epochMsToDay } from '@cf/ohlcv';
import {
  binanceKlinesOf,
  binanceSampleKlines,
  loadBinanceSampleRows,
  loadSampleCandles,
} from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { listAll, rawCandlesKey } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { startFakeProviderServer, type FakeProviderServer } from '../testing/fake-provider-server';
import { readEnvelope, readResponse, snapshotStore } from '../testing/store-snapshot';
import { testDeps } from '../testing/test-deps';
import { runIngest } from './run-ingest';

let server: FakeProviderServer;
let temp: Awaited<ReturnType<typeof makeTempStore>>;
const sampleRows = loadBinanceSampleRows();

beforeEach(async () => {
  server = await startFakeProviderServer({
    binance: {
      BTCUSDT: binanceSampleKlines(),
      ETHUSDT: binanceKlinesOf(loadSampleCandles('ETH')),
    },
  });
  temp = await makeTempStore();
});

afterEach(async () => {
  await server.close();
  await temp.cleanup();
});

function deps(extra: Partial<Parameters<typeof testDeps>[0]> = {}) {
  return testDeps({
    store: temp.store,
    logger: captureLogger('ingest').logger,
    baseUrl: server.url,
    ...extra,
  });
}

describe('runIngest with Binance', () => {
  it('backfills BTCUSDT forward in pages of 1000 days with the real klines as received', async () => {
    // The bundled file runs from 2018-01-01 to 2024-02-11: 2233 days, so pages of 1000, 1000 and 233.
    const pageEnds = [addDays('2018-01-01', 999), addDays('2018-01-01', 1999), '2024-02-11'];

    const report = await runIngest(deps(), {
      mode: 'backfill',
      source: 'binance',
      symbols: ['BTC'],
      from: '2018-01-01',
    });

    expect(report.symbols[0]).toMatchObject({
      status: 'succeeded',
      pagesFetched: 3,
      written: 3,
      candles: 2233,
    });
    expect(server.requests.map((r) => r.query)).toEqual([
      {
        symbol: 'BTCUSDT',
        interval: '1d',
        startTime: String(dayToEpochMs('2018-01-01')),
        endTime: String(dayToEpochMs(addDays(pageEnds[0], 1)) - 1),
        limit: '1000',
      },
      {
        symbol: 'BTCUSDT',
        interval: '1d',
        startTime: String(dayToEpochMs(addDays(pageEnds[0], 1))),
        endTime: String(dayToEpochMs(addDays(pageEnds[1], 1)) - 1),
        limit: '1000',
      },
      {
        symbol: 'BTCUSDT',
        interval: '1d',
        startTime: String(dayToEpochMs(addDays(pageEnds[1], 1))),
        endTime: String(dayToEpochMs('2024-02-12') - 1),
        limit: '233',
      },
    ]);
    expect((await listAll(temp.store, '')).map((o) => o.key)).toEqual(
      pageEnds.map((d) => rawCandlesKey('binance', 'BTC', d)),
    );

    // Every stored kline equals the file's row: day, open, high, low, close, base volume, quote volume, trades.
    const stored: unknown[][] = [];
    for (const day of pageEnds) {
      const envelope = await readEnvelope(temp.store, rawCandlesKey('binance', 'BTC', day));
      const klines = await readResponse<unknown[][]>(temp.store, rawCandlesKey('binance', 'BTC', day));
      expect(envelope.coverage.to).toBe(day);
      expect(envelope.request.symbol).toBe('BTCUSDT');
      stored.push(...klines);
    }
    expect(
      stored.map((k) => [epochMsToDay(k[0] as number), k[1], k[2], k[3], k[4], k[5], k[7], k[8]]),
    ).toEqual(sampleRows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[7], Number(r[8])]));
  });

  it('is idempotent: the same backfill twice leaves identical bytes', async () => {
    const request = {
      mode: 'backfill',
      source: 'binance',
      symbols: ['BTC', 'ETH'],
      from: '2023-01-01',
    } as const;
    await runIngest(deps(), request);
    const first = await snapshotStore(temp.store);

    const report = await runIngest(deps(), request);

    expect(await snapshotStore(temp.store)).toEqual(first);
    expect(report.totals).toMatchObject({ written: 0, updated: 0, unchanged: 2 });
  });

  it('goes on paging forward past pages from before an asset was listed', async () => {
    // ETH's first candle is 2017-11-09: 2017-05-01..08-08 is empty, 08-09..11-16 holds 8 candles, 11-17..02-23 99.
    const report = await runIngest(deps({ settings: { binance: { pageDays: 100 } } }), {
      mode: 'backfill',
      source: 'binance',
      symbols: ['ETH'],
      from: '2017-05-01',
      to: '2018-02-23',
    });

    expect(report.symbols[0]).toMatchObject({ pagesFetched: 3, empty: 1, written: 2, candles: 107 });
    const envelope = await readEnvelope(temp.store, rawCandlesKey('binance', 'ETH', '2017-11-16'));
    expect(envelope.coverage).toEqual({ from: '2017-11-09', to: '2017-11-16' });
  });

  it('maps the symbol with the configured quote asset and reports Binance error bodies without retrying them', async () => {
    const d = deps({ settings: { binance: { quoteAsset: 'BUSD' } } });

    const report = await runIngest(d, { mode: 'daily', source: 'binance', symbols: ['BTC'] });

    expect(server.requests.map((r) => r.symbol)).toEqual(['BTCBUSD']);
    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_PROVIDER_REJECTED' });
    expect(report.symbols[0].error!.message).toContain('HTTP 400: -1121 Invalid symbol.');
    expect(d.time.sleeps).toEqual([]);
  });

  it('stops at a 418 (IP ban) and retries a 429 after its Retry-After', async () => {
    server.addFault({
      when: (r) => r.symbol === 'BTCUSDT',
      fault: {
        type: 'status',
        status: 418,
        body: '{"code":-1003,"msg":"Way too many requests; IP banned until 1707721200000."}',
      },
    });
    server.addFault({
      when: (r) => r.symbol === 'ETHUSDT',
      fault: {
        type: 'status',
        status: 429,
        headers: { 'retry-after': '2' },
        body: '{"code":-1003,"msg":"Too many requests."}',
      },
    });
    const d = deps({ settings: { concurrency: 1 } });

    const report = await runIngest(d, { mode: 'daily', source: 'binance', symbols: ['BTC', 'ETH'] });

    expect(report.symbols[0].error!.message).toContain('HTTP 418: -1003 Way too many requests');
    expect(report.symbols[1]).toMatchObject({ status: 'succeeded', written: 1 });
    expect(d.time.sleeps).toEqual([2000]);
  });

  it('daily: one object at the last complete day holding the last 3 days', async () => {
    const report = await runIngest(deps(), { mode: 'daily', source: 'binance', symbols: ['BTC'] });

    expect(report.symbols[0]).toMatchObject({ written: 1, candles: 3 });
    const klines = await readResponse<unknown[][]>(temp.store, rawCandlesKey('binance', 'BTC', '2024-02-11'));
    expect(klines.map((k) => k[4])).toEqual(sampleRows.slice(-3).map((r) => r[4]));
  });
});
