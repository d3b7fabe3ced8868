import { captureLogger } from '@cf/service/testing';
import { StoreUnavailableError, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import type { FastifyInstance } from 'fastify';
import type { PreprocessReport } from './job/preprocess-report';
import { buildServer } from './server';
import { csvFixture, putRaw, yahooText } from './test-support/raw-fixtures';

const clock = () => new Date('2024-02-12T06:00:00.000Z');

describe('preprocess server', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let server: FastifyInstance;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
    server = buildServer({ store, clock, logger: captureLogger().logger });
  });
  afterEach(async () => {
    await server.close();
    await cleanup();
  });

  it('answers /health and /ready', async () => {
    expect((await server.inject({ method: 'GET', url: '/health' })).json()).toEqual({
      status: 'ok',
      service: 'preprocess',
    });
    const ready = await server.inject({ method: 'GET', url: '/ready' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready', checks: { store: 'ok' } }]);
  });

  it('is not ready when the store cannot be listed', async () => {
    const broken: ObjectStore = {
      url: 'file:///broken',
      get: (key) => store.get(key),
      getObject: (key) => store.getObject(key),
      put: (key, body, options) => store.put(key, body, options),
      head: (key) => store.head(key),
      copy: (from, to) => store.copy(from, to),
      delete: (key) => store.delete(key),
      list: (prefix) =>
        Promise.reject(new StoreUnavailableError('list', prefix, new Error('EIO: disk gone'))),
    };
    const unready = buildServer({ store: broken, clock, logger: captureLogger().logger });

    const response = await unready.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json().checks.store).toContain('EIO: disk gone');
    await unready.close();
  });

  it('POST /runs runs the job and answers its report; an empty body is an incremental run', async () => {
    await putRaw(
      store,
      csvFixture('SOL', yahooText('SOL'), {
        fetchedAt: '2024-02-12T00:10:00.000Z',
        from: '2020-04-10',
        to: '2024-02-11',
      }),
    );

    const first = await server.inject({ method: 'POST', url: '/runs', payload: { full: false } });
    const second = await server.inject({ method: 'POST', url: '/runs' });

    expect(first.statusCode).toBe(200);
    const report = first.json<PreprocessReport>();
    expect(report.symbols.map((s) => [s.symbol, s.accepted, s.rows, s.dataset])).toEqual([
      ['SOL', 1403, 1403, 'written'],
    ]);
    expect(second.statusCode).toBe(200);
    expect(second.json<PreprocessReport>()).toMatchObject({
      mode: 'incremental',
      manifest: 'unchanged',
      raw: { read: 0 },
    });
  });

  it.each([
    [{ full: 'true' }, `run request field 'full' must be true or false, got "true"`],
    [{ fulll: true }, "run request has an unknown field 'fulll' (allowed: full, rawKeys)"],
    [
      { rawKeys: ['raw/a', 'processed/daily/_manifest.json'] },
      `run request field 'rawKeys[1]' must be a key under raw/ of at most 1024 characters, got "processed/daily/_manifest.json"`,
    ],
    [{ rawKeys: 'raw/x' }, "run request field 'rawKeys' must be an array of at most 1000 keys"],
    [[true], 'run request must be a JSON object, got [true]'],
  ])('refuses the body %j with 400 naming the field', async (payload, message) => {
    const response = await server.inject({ method: 'POST', url: '/runs', payload });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'PREPROCESS_INVALID_REQUEST', message });
  });

  it('runs one job at a time: a request during a run gets 409', async () => {
    await putRaw(
      store,
      csvFixture('BTC', yahooText('BTC'), {
        fetchedAt: '2024-02-12T00:10:00.000Z',
        from: '2014-09-17',
        to: '2024-02-11',
      }),
    );

    const [a, b] = await Promise.all([
      server.inject({ method: 'POST', url: '/runs', payload: {} }),
      server.inject({ method: 'POST', url: '/runs', payload: { full: true } }),
    ]);

    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const busy = a.statusCode === 409 ? a : b;
    expect(busy.json()).toEqual({
      error: 'SERVICE_BUSY',
      message: 'a preprocess run is already in progress; try again when it ends',
    });
  });
});
