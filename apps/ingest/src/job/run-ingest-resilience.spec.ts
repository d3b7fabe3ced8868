import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { listAll } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { realSleep } from '../http/sleep';
import {
  startFakeProviderServer,
  type FakeProviderServer,
  type RecordedRequest,
} from '../testing/fake-provider-server';
import { snapshotStore } from '../testing/store-snapshot';
import { testDeps } from '../testing/test-deps';
import { virtualTime } from '../testing/virtual-time';
import type { IngestRequest } from './ingest-request';
import { runIngest } from './run-ingest';

const SYMBOLS = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'];
let server: FakeProviderServer;
let temp: Awaited<ReturnType<typeof makeTempStore>>;

beforeEach(async () => {
  server = await startFakeProviderServer({
    cryptocompare: Object.fromEntries(SYMBOLS.map((s) => [s, loadSampleCandles(s)])),
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
    ...testDeps({ store: temp.store, logger: log.logger, baseUrl: server.url, ...extra }),
    lines: log.lines,
  };
}

const daily: IngestRequest = { mode: 'daily', source: 'cryptocompare', symbols: ['BTC'] };
const btc = (r: RecordedRequest): boolean => r.symbol === 'BTC';

async function keys(): Promise<string[]> {
  return (await listAll(temp.store, '')).map((o) => o.key);
}

describe('runIngest retries', () => {
  it('waits exactly the Retry-After seconds of a 429, then succeeds', async () => {
    server.addFault({ fault: { type: 'status', status: 429, headers: { 'retry-after': '7' } } });
    const d = deps();

    const report = await runIngest(d, daily);

    expect(report.status).toBe('succeeded');
    expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['status', 'ok']);
    expect(d.time.sleeps).toEqual([7000]);
    expect(await keys()).toHaveLength(1);
  });

  it('reads a Retry-After HTTP date against the clock', async () => {
    // The clock says 06:00:00; the server asks to come back at 06:00:04.
    server.addFault({
      fault: { type: 'status', status: 503, headers: { 'retry-after': 'Mon, 12 Feb 2024 06:00:04 GMT' } },
    });
    const d = deps();

    await runIngest(d, daily);

    expect(d.time.sleeps).toEqual([4000]);
  });

  it('gives up at once when Retry-After asks for more than the run is willing to wait', async () => {
    server.addFault({ fault: { type: 'status', status: 429, headers: { 'retry-after': '3600' } } });
    const d = deps();

    const report = await runIngest(d, daily);

    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_PROVIDER_UNAVAILABLE' });
    expect(report.symbols[0].error!.message).toContain('retry after 3600 s');
    expect(server.requests).toHaveLength(1);
    expect(d.time.sleeps).toEqual([]);
  });

  it('backs off with full jitter on 5xx: each wait is below base * 2^(retry-1)', async () => {
    server.addFault({ times: 3, fault: { type: 'status', status: 500 } });
    const d = deps({ settings: { retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000 } } });

    const report = await runIngest(d, daily);

    expect(report.status).toBe('succeeded');
    expect(server.requests).toHaveLength(4);
    expect(d.time.sleeps).toHaveLength(3);
    d.time.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(1000 * 2 ** i);
    });
    // Jittered, not the deterministic ceiling.
    expect(new Set(d.time.sleeps.map((ms, i) => ms === 1000 * 2 ** i)).has(true)).toBe(false);
  });

  it('fails the symbol after maxAttempts and says why, keeping the other symbols', async () => {
    server.addFault({
      when: btc,
      times: Infinity,
      fault: { type: 'status', status: 502, body: 'Bad Gateway' },
    });
    const d = deps({ settings: { retry: { maxAttempts: 3 } } });

    const report = await runIngest(d, { ...daily, symbols: ['BTC', 'ETH'] });

    expect(report.status).toBe('failed');
    expect(report.symbols[0].error!.code).toBe('INGEST_PROVIDER_UNAVAILABLE');
    expect(report.symbols[0].error!.message).toMatch(/failed after 3 attempt\(s\): HTTP 502: Bad Gateway/);
    expect(server.requests.filter(btc)).toHaveLength(3);
    expect(report.symbols[1].status).toBe('succeeded');
    expect(await keys()).toEqual(['raw/source=cryptocompare/symbol=ETH/dt=2024-02-11/candles.json']);
  });

  it('retries a dropped connection', async () => {
    server.addFault({ fault: { type: 'drop' } });
    const d = deps();

    const report = await runIngest(d, daily);

    expect(report.status).toBe('succeeded');
    expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['drop', 'ok']);
    expect(
      d
        .lines()
        .some((l) => l.msg === 'request failed; retrying' && String(l.reason).startsWith('network error')),
    ).toBe(true);
  });

  it('times out a request that gets no answer, then retries it', async () => {
    server.addFault({ fault: { type: 'hang' } });
    const d = deps({ settings: { timeoutMs: 150 } });

    const report = await runIngest(d, daily);

    expect(report.status).toBe('succeeded');
    expect(server.requests.map((r) => r.fault ?? 'ok')).toEqual(['hang', 'ok']);
    expect(d.lines().find((l) => l.msg === 'request failed; retrying')!.reason).toBe(
      'no complete answer within 150 ms',
    );
  });

  it('does not retry a body that is not JSON: the same request would get the same answer', async () => {
    server.addFault({ when: btc, times: Infinity, fault: { type: 'malformed' } });
    const d = deps({ settings: { retry: { maxAttempts: 4 } } });

    const report = await runIngest(d, { ...daily, symbols: ['BTC', 'ETH'] });

    expect(report.symbols[0].error).toMatchObject({ code: 'INGEST_BAD_RESPONSE', kind: 'unavailable' });
    expect(report.symbols[0].error!.message).toMatch(
      /answered HTTP 200 with a body that is not JSON \(.+\): \{"Response":"Success","Data":\{"Data":\[\{"time":16$/,
    );
    expect(server.requests.filter(btc)).toHaveLength(1);
    expect(d.time.sleeps).toEqual([]);
    expect(report.symbols[1].status).toBe('succeeded');
    expect(await keys()).toEqual(['raw/source=cryptocompare/symbol=ETH/dt=2024-02-11/candles.json']);
  });
});

describe('runIngest aborted and re-run', () => {
  const backfill: IngestRequest = {
    mode: 'backfill',
    source: 'cryptocompare',
    symbols: ['BTC', 'ETH'],
    from: '2023-01-01',
  };
  const settings = { cryptocompare: { pageDays: 60 } };

  async function cleanRunSnapshot(): Promise<Record<string, string>> {
    const clean = await makeTempStore();
    try {
      await runIngest({ ...deps({ settings }), store: clean.store }, backfill);
      return await snapshotStore(clean.store);
    } finally {
      await clean.cleanup();
    }
  }

  it('an abort signal stops the run between requests; the re-run ends as one clean run', async () => {
    const expected = await cleanRunSnapshot();
    const requestsBefore = server.requests.length;
    const controller = new AbortController();
    // The fifth request of the run aborts it (as a SIGTERM would) while it is in flight.
    server.addFault({
      when: () => server.requests.length - requestsBefore === 4,
      fault: { type: 'hook', action: () => controller.abort(new Error('SIGTERM')) },
    });

    const aborted = await runIngest(deps({ settings }), { ...backfill, signal: controller.signal });

    expect(aborted).toMatchObject({ status: 'failed', aborted: true });
    expect(aborted.symbols.every((s) => s.error?.code === 'INGEST_ABORTED')).toBe(true);
    const partial = await snapshotStore(temp.store);
    expect(Object.keys(partial).length).toBeGreaterThan(0);
    expect(Object.keys(partial).length).toBeLessThan(Object.keys(expected).length);

    const rerun = await runIngest(deps({ settings }), backfill);

    expect(rerun.status).toBe('succeeded');
    expect(await snapshotStore(temp.store)).toEqual(expected);
  });

  it('a provider failing mid-backfill leaves the finished pages; the re-run ends as one clean run', async () => {
    const expected = await cleanRunSnapshot();
    // Pages end 2023-03-01, 04-30, 06-29, 08-28, 10-27, 12-26 and 2024-02-11; the third BTC asks for
    // (newest first), ending 2023-10-27, fails all 4 attempts of the first run.
    const thirdPageToTs = String(Date.UTC(2023, 9, 28) / 1000 - 1);
    server.addFault({
      when: (r) => btc(r) && r.query.toTs === thirdPageToTs,
      times: 4,
      fault: { type: 'status', status: 500 },
    });

    const failed = await runIngest(
      deps({ settings, time: virtualTime('2024-02-12T06:00:00.000Z') }),
      backfill,
    );

    expect(failed.symbols[0]).toMatchObject({ status: 'failed', written: 2 });
    expect(failed.symbols[1]).toMatchObject({ status: 'succeeded', written: 7 });
    expect(server.requests.filter((r) => r.fault === 'status')).toHaveLength(4);

    const rerun = await runIngest(deps({ settings }), backfill);

    expect(rerun.symbols[0]).toMatchObject({ written: 5, unchanged: 2 });
    expect(await snapshotStore(temp.store)).toEqual(expected);
  });
});

describe('runIngest pacing', () => {
  it('holds at most `concurrency` symbols in flight', async () => {
    await server.close();
    server = await startFakeProviderServer({
      cryptocompare: Object.fromEntries(SYMBOLS.map((s) => [s, loadSampleCandles(s)])),
      delayMs: 40,
    });

    const report = await runIngest(deps({ settings: { concurrency: 2 } }), { ...daily, symbols: SYMBOLS });

    expect(report.status).toBe('succeeded');
    expect(server.requests).toHaveLength(5);
    expect(server.maxInFlight).toBe(2);
  });

  it('spaces requests by the per-provider rate limit (real time, 10 requests/s, burst 1)', async () => {
    const d = deps({ settings: { requestsPerSecond: 10, burst: 1, concurrency: 3 } });

    await runIngest(
      { ...d, clock: () => new Date(), sleep: realSleep, pacingNow: () => performance.now() },
      { ...daily, symbols: SYMBOLS },
    );

    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(5);
    // A token every 100 ms: 5 requests span at least 4 intervals as the server sees them (30 ms allowance
    // for the first request's connection set-up and timer rounding). Unpaced, they would arrive together.
    expect(times[4] - times[0]).toBeGreaterThanOrEqual(4 * 100 - 30);
  });

  it('paces by elapsed time, not by the job clock, which stands still in CLOCK_NOW replays', async () => {
    // Sleeps move the pacing time forward; the job's clock never moves.
    const time = virtualTime('2024-02-12T06:00:00.000Z', { advance: true });
    const d = deps({ settings: { requestsPerSecond: 2, burst: 1, concurrency: 1 } });

    await runIngest(
      {
        ...d,
        clock: () => new Date('2024-02-12T06:00:00.000Z'),
        sleep: time.sleep,
        pacingNow: () => time.clock().getTime(),
      },
      { ...daily, symbols: SYMBOLS.slice(0, 4) },
    );

    // One token every 500 ms as time passes; a bucket on the frozen clock would ask for 500, 1000, 1500.
    expect(time.sleeps).toEqual([500, 500, 500]);
  });

  it('queues requests behind the token bucket with virtual time (no real wait)', async () => {
    const d = deps({ settings: { requestsPerSecond: 2, burst: 1, concurrency: 5 } });

    await runIngest(d, { ...daily, symbols: SYMBOLS });

    // With a fixed clock nothing refills: the callers reserve tokens 1..4 ahead, 500 ms apart.
    expect([...d.time.sleeps].sort((a, b) => a - b)).toEqual([500, 1000, 1500, 2000]);
  });
});
