import type { RawEnvelope } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { rawCandlesKey } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { createIngestHandler } from './lambda-handler';
import { startFakeProviderServer, type FakeProviderServer } from './testing/fake-provider-server';
import { startSecretsManagerServer } from './testing/secrets-manager-server';
import { readEnvelope, snapshotStore } from './testing/store-snapshot';
import { TEST_NOW } from './testing/test-deps';
import { virtualTime } from './testing/virtual-time';

/** What EventBridge sends for a `cron(30 0 * * ? *)` rule. */
const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2024-02-12T00:30:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/ingest-daily'],
  detail: {},
};
const context = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  functionName: 'ingest',
  getRemainingTimeInMillis: () => 900_000,
};

let server: FakeProviderServer;
let temp: Awaited<ReturnType<typeof makeTempStore>>;

beforeEach(async () => {
  server = await startFakeProviderServer({
    cryptocompare: { BTC: loadSampleCandles('BTC'), ETH: loadSampleCandles('ETH') },
  });
  temp = await makeTempStore();
});

afterEach(async () => {
  await server.close();
  await temp.cleanup();
});

function handler(env: Record<string, string> = {}) {
  const time = virtualTime(TEST_NOW);
  const log = captureLogger('ingest');
  return {
    lines: log.lines,
    handle: createIngestHandler({
      env: {
        STORE_URL: temp.dir,
        INGEST_SOURCE: 'cryptocompare',
        INGEST_SYMBOLS: 'BTC,ETH',
        CRYPTOCOMPARE_BASE_URL: server.url,
        CRYPTOCOMPARE_API_KEY: 'lambda-secret-key',
        INGEST_REQUESTS_PER_SECOND: '1000',
        ...env,
      },
      fetch,
      clock: time.clock,
      sleep: time.sleep,
      logger: log.logger,
    }),
  };
}

describe('ingest Lambda handler', () => {
  it('runs daily for the configured symbols on an EventBridge scheduled event', async () => {
    const { handle, lines } = handler();

    const report = await handle(scheduledEvent, context);

    expect(report).toMatchObject({
      mode: 'daily',
      source: 'cryptocompare',
      status: 'succeeded',
      to: '2024-02-11',
    });
    expect(Object.keys(await snapshotStore(temp.store))).toEqual([
      rawCandlesKey('cryptocompare', 'BTC', '2024-02-11'),
      rawCandlesKey('cryptocompare', 'ETH', '2024-02-11'),
    ]);
    const envelope: RawEnvelope = await readEnvelope(
      temp.store,
      rawCandlesKey('cryptocompare', 'ETH', '2024-02-11'),
    );
    expect(envelope.coverage).toEqual({ from: '2024-02-09', to: '2024-02-11' });
    expect(
      lines().some((l) => l.msg === 'invocation succeeded' && l.requestId === context.awsRequestId),
    ).toBe(true);
    expect(JSON.stringify(lines())).not.toContain('lambda-secret-key');
  });

  it('runs an explicit backfill event', async () => {
    const { handle } = handler();

    const report = await handle(
      { mode: 'backfill', symbols: ['ETH'], from: '2024-01-01', to: '2024-01-31' },
      context,
    );

    expect(report.symbols).toHaveLength(1);
    expect(report.symbols[0]).toMatchObject({ symbol: 'ETH', written: 1, candles: 31 });
  });

  it('fails the invocation when a symbol fails, after storing the others', async () => {
    server.addFault({
      when: (r) => r.symbol === 'ETH',
      times: Infinity,
      fault: { type: 'status', status: 503 },
    });
    const { handle, lines } = handler({ INGEST_MAX_ATTEMPTS: '2' });

    await expect(handle(scheduledEvent, context)).rejects.toMatchObject({
      code: 'INGEST_RUN_FAILED',
      kind: 'unavailable',
      message: expect.stringContaining('failed for 1 of 2 symbol(s): ETH (INGEST_PROVIDER_UNAVAILABLE'),
    });
    expect(Object.keys(await snapshotStore(temp.store))).toEqual([
      rawCandlesKey('cryptocompare', 'BTC', '2024-02-11'),
    ]);
    expect(lines().filter((l) => l.msg === 'invocation failed')).toHaveLength(1);
  });

  it('refuses an event it does not understand, and a bad configuration, without touching the store', async () => {
    await expect(handler().handle({ Records: [] }, context)).rejects.toThrow('unsupported event');
    await expect(handler().handle({ mode: 'daily', symbol: 'BTC' }, context)).rejects.toThrow(
      'unknown field(s) symbol',
    );
    await expect(
      handler({ INGEST_DAILY_LOOKBACK_DAYS: 'three' }).handle(scheduledEvent, context),
    ).rejects.toThrow(
      "Environment variable INGEST_DAILY_LOOKBACK_DAYS must be an integer between 1 and 366, got 'three'",
    );
    expect(await snapshotStore(temp.store)).toEqual({});
  });
});

describe('the API key from Secrets Manager', () => {
  it('is read once per container and sent as the CryptoCompare header, never logged', async () => {
    const secrets = await startSecretsManagerServer({ 'cf/cryptocompare': 'key-from-secrets-manager' });
    try {
      const time = virtualTime(TEST_NOW);
      const log = captureLogger('ingest');
      const handle = createIngestHandler({
        env: {
          STORE_URL: temp.dir,
          INGEST_SOURCE: 'cryptocompare',
          INGEST_SYMBOLS: 'BTC',
          CRYPTOCOMPARE_BASE_URL: server.url,
          CRYPTOCOMPARE_API_KEY_SECRET: 'cf/cryptocompare',
          INGEST_REQUESTS_PER_SECOND: '1000',
        },
        fetch,
        clock: time.clock,
        sleep: time.sleep,
        logger: log.logger,
        secretsManager: () => secrets.client(),
      });

      await handle(scheduledEvent, context);
      await handle(scheduledEvent, context);

      expect(secrets.requests).toHaveLength(1);
      expect(server.requests.length).toBeGreaterThan(0);
      for (const request of server.requests)
        expect(request.headers.authorization).toBe('Apikey key-from-secrets-manager');
      expect(JSON.stringify(log.lines())).not.toContain('key-from-secrets-manager');
    } finally {
      await secrets.close();
    }
  });
});
