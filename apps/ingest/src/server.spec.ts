import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { openStore, rawCandlesKey, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from './config';
import type { IngestReport } from './job/ingest-report';
import { buildServer } from './server';
import { startFakeProviderServer, type FakeProviderServer } from './testing/fake-provider-server';
import { snapshotStore } from './testing/store-snapshot';
import { TEST_NOW } from './testing/test-deps';
import { virtualTime } from './testing/virtual-time';

let provider: FakeProviderServer;
let temp: Awaited<ReturnType<typeof makeTempStore>>;
let app: FastifyInstance;

beforeEach(async () => {
  provider = await startFakeProviderServer({
    binance: {},
    cryptocompare: { BTC: loadSampleCandles('BTC'), SOL: loadSampleCandles('SOL') },
  });
  temp = await makeTempStore();
});

afterEach(async () => {
  await app.close();
  await provider.close();
  await temp.cleanup();
});

function build(store: ObjectStore = temp.store): FastifyInstance {
  const time = virtualTime(TEST_NOW);
  const config = loadConfig({
    INGEST_SYMBOLS: 'BTC,SOL',
    CRYPTOCOMPARE_BASE_URL: provider.url,
    INGEST_REQUESTS_PER_SECOND: '1000',
  });
  app = buildServer({
    store,
    fetch,
    clock: time.clock,
    sleep: time.sleep,
    logger: captureLogger('ingest').logger,
    config,
  });
  return app;
}

describe('ingest server', () => {
  it('answers /health, and /ready when the store answers', async () => {
    build();

    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({
      status: 'ok',
      service: 'ingest',
    });
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });

  it('is not ready when the store is unreachable', async () => {
    const unreachable = openStore('s3://ingest-bucket', {
      s3: {
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        forcePathStyle: true,
        maxAttempts: 1,
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      },
    });
    build(unreachable);

    const ready = await app.inject({ method: 'GET', url: '/ready' });

    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.store).not.toBe('ok');
  });

  it('POST /runs runs the job with the configured defaults and answers the report', async () => {
    build();

    const response = await app.inject({ method: 'POST', url: '/runs', payload: { mode: 'daily' } });

    expect(response.statusCode).toBe(200);
    const report = response.json<IngestReport>();
    expect(report).toMatchObject({
      mode: 'daily',
      source: 'cryptocompare',
      status: 'succeeded',
      totals: { written: 2 },
    });
    expect(Object.keys(await snapshotStore(temp.store))).toEqual([
      rawCandlesKey('cryptocompare', 'BTC', '2024-02-11'),
      rawCandlesKey('cryptocompare', 'SOL', '2024-02-11'),
    ]);
  });

  it('POST /runs answers 400 naming the bad field', async () => {
    build();
    const cases: [unknown, string][] = [
      [{}, "must have required property 'mode'"],
      [{ mode: 'weekly' }, 'body/mode must be equal to one of the allowed values'],
      [{ mode: 'daily', source: 'kraken' }, 'body/source must be equal to one of the allowed values'],
      [{ mode: 'backfill', symbols: ['BTC', 'btc'] }, 'body/symbols/1 must match pattern'],
      [{ mode: 'backfill', from: '2020/01/01' }, 'body/from must match pattern'],
      [{ mode: 'daily', sorce: 'csv' }, 'body has unknown field(s) sorce'],
      [{ mode: 'backfill', from: '2024-02-30' }, "from '2024-02-30' is not a YYYY-MM-DD calendar day"],
    ];
    for (const [payload, message] of cases) {
      const response = await app.inject({
        method: 'POST',
        url: '/runs',
        payload: payload as Record<string, unknown>,
      });

      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain(message);
    }
    expect(provider.requests).toHaveLength(0);
  });

  it('refuses a second run while one is going (409), and closing aborts the running one', async () => {
    provider.addFault({ fault: { type: 'hang' } });
    build();

    const first = app.inject({
      method: 'POST',
      url: '/runs',
      payload: { mode: 'backfill', symbols: ['BTC'], from: '2024-01-01' },
    });
    while (provider.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await app.inject({ method: 'POST', url: '/runs', payload: { mode: 'daily' } });
    await app.close();
    const report = (await first).json<IngestReport>();

    expect(second.statusCode).toBe(409);
    expect(second.json().error).toBe('SERVICE_BUSY');
    expect(report).toMatchObject({ status: 'failed', aborted: true });
    expect(report.symbols[0].error!.code).toBe('INGEST_ABORTED');
  });
});
