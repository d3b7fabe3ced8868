import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { formatCandlesCsv, FORECAST_CSV_COLUMNS, type Forecast } from '@cf/ohlcv';
import { modelKinds, type LoadedModelVersion } from '@cf/model';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import { formatInvocationJson } from './forecast/invocation-payload';
import { buildServer } from './server';
import { loadModelDir } from './server/load-model-dir';
import { createModelSlot, type ModelSlot } from './server/model-slot';
import {
  makeTempDir,
  sampleCandles,
  writeModelFixture,
  type ModelFixture,
} from './test-support/model-fixture';
import { referenceForecast, type ReferenceForecast } from './test-support/reference-forecast';

// Tests run on the tfjs wasm backend (tfjs-node cannot be installed offline).
jest.setTimeout(60_000);

const NOW = new Date('2024-02-12T06:00:00.000Z');
const MAX_BYTES = 512 * 1024;
const cleanups: (() => Promise<void>)[] = [];
let model: ModelFixture;
let loaded: LoadedModelVersion;
let reference: ReferenceForecast;
const btc = sampleCandles('BTC');

beforeAll(async () => {
  const temp = await makeTempStore();
  const dir = await makeTempDir();
  cleanups.push(temp.cleanup, dir.cleanup);
  model = await writeModelFixture(temp.store, dir.dir);
  loaded = await loadModelDir(model.modelDir, modelKinds());
  reference = await referenceForecast(model.modelDir, btc, model.metadata.historyDays);
});

afterAll(async () => {
  loaded.forecaster.dispose();
  for (const cleanup of cleanups) await cleanup();
});

async function serverWith(
  slot: ModelSlot,
): Promise<{ server: FastifyInstance; url: string; lines: () => Record<string, unknown>[] }> {
  const { logger, lines } = captureLogger();
  const server = await buildServer({
    logger,
    clock: () => NOW,
    slot,
    oodZLimit: 4,
    limits: { maxBytes: MAX_BYTES, maxSymbols: 3, maxRows: 3000 },
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => server.close());
  return { server, url, lines };
}

async function loadedServer() {
  const slot = createModelSlot('test model');
  slot.set(loaded);
  return serverWith(slot);
}

function post(url: string, body: string | Buffer, contentType?: string, accept?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (accept !== undefined) headers.accept = accept;
  // A Buffer body keeps fetch from adding a text/plain content type of its own.
  return fetch(`${url}/invocations`, { method: 'POST', body: Buffer.from(body), headers });
}

function expectReferenceForecast(forecast: Forecast): void {
  expect(forecast).toMatchObject({
    symbol: 'BTC',
    lastObservedDate: '2024-02-11',
    lastClose: reference.lastClose,
    generatedAt: NOW.toISOString(),
  });
  // Same model and inputs as the training-style computation through stock tfjs: the fast forward kernels equal
  // tfjs within 1e-5 of the scaled output, so returns agree within 1e-6 and closes within 5e-6 relative.
  forecast.steps.forEach((step, k) => {
    expect(Math.abs(step.predictedReturn - reference.returns[k])).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(step.predictedClose / reference.closes[k] - 1)).toBeLessThanOrEqual(5e-6);
  });
}

describe('the SageMaker endpoint server', () => {
  it('answers /ping and /ready 503 while the model loads, 200 once it is loaded; /health always', async () => {
    const slot = createModelSlot('/opt/ml/model');
    const { server } = await serverWith(slot);

    const loading = await server.inject({ method: 'GET', url: '/ping' });
    const notReady = await server.inject({ method: 'GET', url: '/ready' });
    const early = await server.inject({
      method: 'POST',
      url: '/invocations',
      headers: { 'content-type': 'text/csv' },
      payload: formatCandlesCsv(btc),
    });
    const health = await server.inject({ method: 'GET', url: '/health' });
    slot.set(loaded);
    const ping = await server.inject({ method: 'GET', url: '/ping' });
    const ready = await server.inject({ method: 'GET', url: '/ready' });

    expect(loading.statusCode).toBe(503);
    expect(loading.json()).toEqual({
      error: 'INFER_MODEL_LOADING',
      message: 'no model is loaded yet: still loading from /opt/ml/model',
    });
    expect(notReady.statusCode).toBe(503);
    expect(early.statusCode).toBe(503);
    expect(health.statusCode).toBe(200);
    expect(ping.statusCode).toBe(200);
    expect(ping.json()).toEqual({
      status: 'ok',
      modelVersion: model.metadata.version,
      model: 'lstm/scale-free',
      horizon: 3,
      inputDays: 22,
      historyDays: 22 + 365,
      limits: { maxSymbols: 3, maxRows: 3000, maxBytes: MAX_BYTES },
    });
    expect(ready.statusCode).toBe(200);
  });

  it('keeps answering /ping 503 with the reason when the model could not be loaded', async () => {
    const slot = createModelSlot('/opt/ml/model');
    slot.fail(new Error('model metadata not found at key metadata.json'));
    const { server } = await serverWith(slot);

    const ping = await server.inject({ method: 'GET', url: '/ping' });

    expect(ping.statusCode).toBe(503);
    expect(ping.json().message).toBe(
      'no model is loaded yet: loading from /opt/ml/model failed: model metadata not found at key metadata.json',
    );
  });

  it('answers /ping and /ready 503 while no worker thread has the model, 200 again once one has', async () => {
    // Prepare: a pool whose health the test sets (the pool itself is tested with real threads).
    const slot = createModelSlot('/opt/ml/model');
    slot.set(loaded);
    let healthy = false;
    const pool = {
      ready: Promise.resolve(),
      size: 0,
      queued: 0,
      get healthy() {
        return healthy;
      },
      answer: () => Promise.reject(new Error('not used')),
      close: () => Promise.resolve(),
    };
    const { logger } = captureLogger();
    const server = await buildServer({
      logger,
      clock: () => NOW,
      slot,
      oodZLimit: 4,
      limits: { maxBytes: MAX_BYTES, maxSymbols: 3, maxRows: 3000 },
      pool,
    });
    cleanups.push(() => server.close());

    // Act
    const lost = await server.inject({ method: 'GET', url: '/ping' });
    const notReady = await server.inject({ method: 'GET', url: '/ready' });
    healthy = true;
    const back = await server.inject({ method: 'GET', url: '/ping' });

    // Assert
    expect(lost.statusCode).toBe(503);
    expect(lost.json()).toEqual({
      error: 'INFER_MODEL_LOADING',
      message:
        'no model is loaded yet: no /invocations worker thread has it loaded; they are being restarted',
    });
    expect(notReady.statusCode).toBe(503);
    expect(back.statusCode).toBe(200);
  });

  it('forecasts from JSON and from CSV, on /invocations and on the SDK path /endpoints/{name}/invocations', async () => {
    const { url } = await loadedServer();
    // A year and a half of history: the forecast depends only on the last historyDays candles.
    const candles = new Map([
      ['BTC', btc.slice(-600)],
      ['ETH', sampleCandles('ETH').slice(-600)],
    ]);

    const fromJson = await post(url, formatInvocationJson(candles), 'application/json');
    const fromCsv = await post(
      url,
      formatCandlesCsv([...btc.slice(-900), ...sampleCandles('ETH').slice(-700)]),
      'text/csv',
    );
    const viaSdkPath = await fetch(`${url}/endpoints/crypto-forecast/invocations`, {
      method: 'POST',
      body: formatInvocationJson(new Map([['BTC', btc.slice(-2000)]])),
      headers: { 'content-type': 'application/json' },
    });
    const asCsv = await post(url, formatCandlesCsv(btc.slice(-2000)), 'text/csv', 'text/csv');

    expect(fromJson.status).toBe(200);
    const { forecasts } = (await fromJson.json()) as { forecasts: Forecast[] };
    expect(forecasts.map((f) => f.symbol)).toEqual(['BTC', 'ETH']);
    expectReferenceForecast(forecasts[0]);
    expect(await fromCsv.json()).toEqual({ forecasts });
    expect(await viaSdkPath.json()).toEqual({ forecasts: [forecasts[0]] });
    expect(asCsv.headers.get('content-type')).toMatch(/^text\/csv/);
    const csvLines = (await asCsv.text()).trimEnd().split('\n');
    expect(csvLines[0]).toBe(FORECAST_CSV_COLUMNS.join(','));
    expect(csvLines).toHaveLength(1 + model.metadata.horizon);
  });

  const row = (day: number, close = 100) => ({
    date: `2024-01-${String(day).padStart(2, '0')}`,
    open: close,
    high: close + 1,
    low: close - 1,
    close,
    volume: 1e6,
  });
  const json = (value: unknown) => JSON.stringify(value);
  const badPayloads: [string, string, string | undefined, string, RegExp][] = [
    [
      'too few rows',
      json({ candles: { BTC: [row(1), row(2), row(3)] } }),
      'application/json',
      'MODEL_INSUFFICIENT_DATA',
      /too few candles for BTC: lstm\/scale-free forecasts from 22 consecutive daily candles: need at least 22 rows, got 3/,
    ],
    [
      'too few rows in CSV',
      formatCandlesCsv(btc.slice(-10)),
      'text/csv',
      'MODEL_INSUFFICIENT_DATA',
      /need at least 22 rows, got 10/,
    ],
    [
      'a gap inside the window',
      json({ candles: { BTC: [...btc.slice(-60, -5), ...btc.slice(-3)].map(({ symbol: _s, ...c }) => c) } }),
      'application/json',
      'MODEL_INSUFFICIENT_DATA',
      /too few consecutive candles.*need at least 22 rows, got 3/,
    ],
    [
      'an unknown column',
      'date,symbol,open,high,low,close,volume,adj_close\n',
      'text/csv',
      'INFER_INVALID_CANDLES',
      /unknown column\(s\) 'adj_close'/,
    ],
    [
      'a missing column',
      'date,symbol,open,high,low,close\n',
      'text/csv',
      'INFER_INVALID_CANDLES',
      /missing column\(s\) volume/,
    ],
    [
      'a missing field',
      json({ candles: { BTC: [{ date: '2024-01-01', open: 1, high: 2, low: 0.5, close: 1.5 }] } }),
      'application/json',
      'INFER_INVALID_CANDLES',
      /missing field\(s\) volume/,
    ],
    [
      'a non-numeric value',
      json({ candles: { BTC: [row(1), { ...row(2), close: 'n/a' }] } }),
      'application/json',
      'INFER_INVALID_CANDLES',
      /non-numeric value\(s\) close "n\/a"/,
    ],
    [
      'a non-numeric CSV value',
      'date,symbol,open,high,low,close,volume\n2024-01-01,BTC,1,2,0.5,NaN,10\n',
      'text/csv',
      'INFER_INVALID_CANDLES',
      /line 2: close "NaN" is not a number/,
    ],
    [
      'unsorted days',
      json({ candles: { BTC: [row(2), row(1)] } }),
      'application/json',
      'INFER_INVALID_CANDLES',
      /not sorted by date: row 2 \(2024-01-01\) comes after row 1 \(2024-01-02\)/,
    ],
    [
      'a duplicate day',
      json({ candles: { BTC: [row(1), row(2), row(2)] } }),
      'application/json',
      'INFER_INVALID_CANDLES',
      /the day 2024-01-02 twice \(rows 2 and 3\)/,
    ],
    [
      'an unknown content type',
      '<candles/>',
      'application/xml',
      'INFER_UNSUPPORTED_CONTENT_TYPE',
      /content type 'application\/xml' is not supported/,
    ],
    [
      'no content type',
      json({ candles: {} }),
      undefined,
      'INFER_UNSUPPORTED_CONTENT_TYPE',
      /no Content-Type header is not supported/,
    ],
    [
      'JSON that does not parse',
      '{"candles": {',
      'application/json',
      'INFER_INVALID_PAYLOAD',
      /not valid JSON/,
    ],
    [
      'the instances shape',
      json({ instances: [row(1)] }),
      'application/json',
      'INFER_INVALID_PAYLOAD',
      /unknown field 'instances'/,
    ],
  ];

  it.each(badPayloads)(
    'answers 400 naming the problem for %s, and keeps serving',
    async (_name, body, contentType, code, message) => {
      const { url } = await loadedServer();

      const response = await post(url, body, contentType);
      const after = await post(url, formatCandlesCsv(btc.slice(-100)), 'text/csv');

      expect(response.status).toBe(400);
      const answer = (await response.json()) as { error: string; message: string };
      expect(answer.error).toBe(code);
      expect(answer.message).toMatch(message);
      expect(after.status).toBe(200);
    },
  );

  it('answers 413 naming the limit for a body over INVOCATIONS_MAX_BYTES, declared or streamed, and keeps serving', async () => {
    const { url } = await loadedServer();
    const big = formatCandlesCsv([...btc, ...btc, ...btc]);
    expect(big.length).toBeGreaterThan(MAX_BYTES);

    const declared = await post(url, big, 'text/csv');
    const streamed = await postChunked(`${url}/invocations`, big);
    const after = await post(url, formatCandlesCsv(btc.slice(-100)), 'text/csv');

    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: 'INFER_PAYLOAD_TOO_LARGE',
      message: `request body of ${Buffer.byteLength(big)} bytes is over the limit of ${MAX_BYTES} bytes (INVOCATIONS_MAX_BYTES): send fewer days or symbols per request`,
    });
    expect(streamed.status).toBe(413);
    expect(streamed.body).toMatch(/FST_ERR_CTP_BODY_TOO_LARGE/);
    expect(after.status).toBe(200);
  });

  it('answers 413 naming the limit for too many assets or rows, and 400 for a candle of today, naming the asset', async () => {
    const { url } = await loadedServer();
    const four = new Map(['BTC', 'ETH', 'BNB', 'XRP'].map((s) => [s, sampleCandles(s).slice(-50)]));

    const tooMany = await post(url, formatInvocationJson(four), 'application/json');
    const tooLong = await post(url, formatCandlesCsv(btc), 'text/csv');
    const today = { ...btc[btc.length - 1], date: '2024-02-12' };
    const future = await post(url, formatCandlesCsv([...btc.slice(-100), today]), 'text/csv');

    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toEqual({
      error: 'INFER_TOO_MANY_SYMBOLS',
      message:
        'the request names 4 assets, over the limit of 3 (INVOCATIONS_MAX_SYMBOLS): send them in several requests',
    });
    expect(tooLong.status).toBe(413);
    expect(((await tooLong.json()) as { message: string }).message).toMatch(
      new RegExp(`^BTC has ${btc.length} candles, over the limit of 3000 \\(INVOCATIONS_MAX_ROWS\\)`),
    );
    expect(future.status).toBe(400);
    expect(await future.json()).toEqual({
      error: 'INFER_FUTURE_CANDLES',
      message:
        'BTC has a candle dated 2024-02-12, after the last complete UTC day 2024-02-11: only complete days can be forecast from',
    });
  });

  it('never answers 200 with a number that is not finite: extreme prices are refused naming the asset', async () => {
    const { url } = await loadedServer();
    const extreme = btc.slice(-100).map((c, i) => {
      const close = Number.MAX_VALUE / (1 + (99 - i) * 1e-3);
      return { ...c, open: close, high: close, low: close, close };
    });

    const response = await post(url, formatCandlesCsv(extreme), 'text/csv');

    const body = (await response.json()) as { forecasts?: Forecast[]; error?: string; message?: string };
    if (response.status === 200) {
      const numbers =
        body.forecasts?.flatMap((f) => f.steps.flatMap((s) => [s.predictedReturn, s.predictedClose])) ?? [];
      expect(numbers.every((n) => Number.isFinite(n))).toBe(true);
    } else {
      expect(response.status).toBe(400);
      expect(body.error).toBe('MODEL_NON_FINITE_FORECAST');
      expect(body.message).toMatch(/^BTC: /);
    }
  });

  it('answers 20 concurrent good requests correctly while a bad one is in flight', async () => {
    const { url, lines } = await loadedServer();
    const good = formatInvocationJson(new Map([['BTC', btc.slice(-600)]]));
    // A large body that fails only at its last row, so it is still being read and checked among the others.
    const bad = formatCandlesCsv(btc) + '2024-02-12,BTC,1,2,0.5,oops,10\n';

    const responses = await Promise.all([
      ...Array.from({ length: 10 }, () => post(url, good, 'application/json')),
      post(url, bad, 'text/csv'),
      ...Array.from({ length: 10 }, () => post(url, good, 'application/json')),
    ]);

    const badResponse = responses.splice(10, 1)[0];
    expect(badResponse.status).toBe(400);
    expect(((await badResponse.json()) as { message: string }).message).toMatch(
      /line 3437: close "oops" is not a number/,
    );
    for (const response of responses) {
      expect(response.status).toBe(200);
      const { forecasts } = (await response.json()) as { forecasts: Forecast[] };
      expectReferenceForecast(forecasts[0]);
    }
    expect(lines().filter((l) => l.level === 'error')).toEqual([]);
  });
});

function postChunked(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    for (let at = 0; at < body.length; at += 16_384) request.write(body.slice(at, at + 16_384));
    request.end();
  });
}
