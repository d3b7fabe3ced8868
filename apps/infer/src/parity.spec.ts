import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { FastifyInstance } from 'fastify';
import { formatCandlesCsv, type Forecast } from '@cf/ohlcv';
import { initTfBackend } from '@cf/model';
import { getJson, latestPredictionKey, LocalObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import { runCli } from './cli';
import { loadConfig } from './config';
import { createInferHandler } from './handler';
import { createForecasterCache } from './job/forecaster-cache';
import type { MissingSymbol } from './job/inference-report';
import { sagemakerEndpoint } from './job/remote-endpoint';
import { runInference } from './job/run-inference';
import { buildServer } from './server';
import { loadModelDir } from './server/load-model-dir';
import { createModelSlot } from './server/model-slot';
import { makeTempDir, sampleCandles, writeDataset, writeModelFixture } from './test-support/model-fixture';

// Tests run on the tfjs wasm backend (tfjs-node cannot be installed offline).
jest.setTimeout(40_000);

const SCHEDULED_EVENT = {
  source: 'aws.events',
  'detail-type': 'Scheduled Event',
  time: '2024-02-12T06:00:00Z',
  id: 'e-1',
};
const CONTEXT = { awsRequestId: 'req-1', functionName: 'crypto-forecast-infer' };
const FAKE_AWS = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: 'test-secret',
};
const cleanups: (() => Promise<void>)[] = [];
let storeDir: string;
let work: string;
let modelDir: string;
let server: FastifyInstance;
let endpointUrl: string;

beforeAll(async () => {
  const temp = await makeTempStore();
  const dir = await makeTempDir();
  cleanups.push(temp.cleanup, dir.cleanup);
  storeDir = temp.dir;
  work = dir.dir;
  ({ modelDir } = await writeModelFixture(temp.store, work));
  await writeDataset(temp.store, 'BTC', sampleCandles('BTC'));
  await writeDataset(temp.store, 'ETH', sampleCandles('ETH'));
  await writeDataset(temp.store, 'SOL', sampleCandles('SOL').slice(-10));

  const slot = createModelSlot(modelDir);
  slot.set(await loadModelDir((await initTfBackend({ prefer: 'wasm' })).tf, modelDir));
  server = await buildServer({
    logger: captureLogger().logger,
    clock: () => new Date(),
    slot,
    oodZLimit: 4,
    invocationsMaxBytes: 6 << 20,
  });
  endpointUrl = await server.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    await server.close();
    slot.current()?.dispose();
  });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A forecast without its run time, for comparing the numbers of runs made at different moments. */
const numbers = (forecasts: readonly Forecast[]) => forecasts.map(({ generatedAt: _time, ...rest }) => rest);

async function fromLambda(env: Record<string, string>): Promise<Forecast[]> {
  const { store, cleanup } = await makeTempStore();
  cleanups.push(cleanup);
  const source = new LocalObjectStore(storeDir);
  for (const key of [
    'processed/daily/symbol=BTC/ohlcv.csv',
    'processed/daily/symbol=ETH/ohlcv.csv',
    'processed/daily/symbol=SOL/ohlcv.csv',
  ]) {
    await store.put(key, (await source.get(key))!);
  }
  for (const file of ['model.json', 'weights.bin', 'scaler.json', 'metadata.json']) {
    await store.put(`models/latest/${file}`, await readFile(path.join(modelDir, file)));
  }
  const handler = createInferHandler({
    STORE_URL: store.url,
    INFER_SYMBOLS: 'BTC,ETH,SOL',
    TF_BACKEND: 'wasm',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const report = await handler(SCHEDULED_EVENT, CONTEXT);
  expect(await getJson<MissingSymbol[]>(store, latestPredictionKey('missing_symbols.json'))).toEqual([
    expect.objectContaining({ symbol: 'SOL', code: 'MODEL_INSUFFICIENT_DATA' }),
  ]);
  return [...report.forecasts];
}

describe('one model and one dataset give the same forecasts through every adapter', () => {
  it('the CLI, the Lambda handler and /invocations agree exactly', async () => {
    const input = path.join(work, 'input.csv');
    await writeFile(input, formatCandlesCsv([...sampleCandles('BTC'), ...sampleCandles('ETH')]));
    const out = path.join(work, 'cli-out');
    await mkdir(out, { recursive: true });
    const printed: string[] = [];

    const code = await runCli(
      ['predict', '--model-dir', modelDir, '--input-csv', input, '--output-dir', out],
      {
        config: loadConfig({ TF_BACKEND: 'wasm' }),
        logger: captureLogger().logger,
        clock: () => new Date(),
        forecasterCache: createForecasterCache(),
        print: (text) => printed.push(text),
      },
    );
    const cli = JSON.parse(await readFile(path.join(out, 'latest_all.json'), 'utf8')) as Forecast[];
    const lambda = await fromLambda({});
    const response = await fetch(`${endpointUrl}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: await readFile(input),
    });
    const endpoint = ((await response.json()) as { forecasts: Forecast[] }).forecasts;

    expect(code).toBe(0);
    expect(printed.join('')).toMatch(/^BTC {2}last close/);
    expect(cli.map((f) => f.symbol)).toEqual(['BTC', 'ETH']);
    expect(numbers(lambda)).toEqual(numbers(cli));
    expect(numbers(endpoint)).toEqual(numbers(cli));
  });

  it('remote mode sends the same candles through the real SageMaker runtime client and publishes the same forecasts', async () => {
    const { store, cleanup } = await makeTempStore();
    cleanups.push(cleanup);
    const source = new LocalObjectStore(storeDir);
    for (const symbol of ['BTC', 'ETH', 'SOL']) {
      const key = `processed/daily/symbol=${symbol}/ohlcv.csv`;
      await store.put(key, (await source.get(key))!);
    }
    const client = new SageMakerRuntimeClient({
      endpoint: endpointUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });
    cleanups.push(async () => client.destroy());
    const { logger } = captureLogger();
    const clock = () => new Date('2024-02-12T06:00:00.000Z');

    const report = await runInference(
      { store, clock, logger, endpoint: sagemakerEndpoint(client, 'crypto-forecast-infer') },
      { symbols: ['BTC', 'ETH', 'SOL'] },
    );
    const inProcess = await fromLambda({});

    expect(report.mode).toBe('remote');
    expect(report.forecasts.map((f) => f.generatedAt)).toEqual([
      '2024-02-12T06:00:00.000Z',
      '2024-02-12T06:00:00.000Z',
    ]);
    expect(numbers(report.forecasts)).toEqual(numbers(inProcess));
    expect(report.missing).toEqual([
      expect.objectContaining({
        symbol: 'SOL',
        code: 'MODEL_INSUFFICIENT_DATA',
        reason: expect.stringMatching(/refused the candles \(400\).*need at least 22 rows, got 10/),
      }),
    ]);
    expect(await getJson<Forecast[]>(store, latestPredictionKey('latest_all.json'))).toEqual(
      report.forecasts,
    );
  });

  it('the Lambda handler in remote mode finds the endpoint through AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', async () => {
    const saved = Object.fromEntries(Object.keys(FAKE_AWS).map((k) => [k, process.env[k]]));
    // The SDK reads region and credentials from the process environment, as on Lambda.
    Object.assign(process.env, FAKE_AWS);
    try {
      const remote = await fromLambda({
        INFER_ENDPOINT_NAME: 'crypto-forecast-infer',
        AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpointUrl,
      });
      const inProcess = await fromLambda({});

      expect(numbers(remote)).toEqual(numbers(inProcess));
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('remote mode fails the run, publishing nothing, when the endpoint cannot be reached', async () => {
    const { store, cleanup } = await makeTempStore();
    cleanups.push(cleanup);
    await store.put(
      'processed/daily/symbol=BTC/ohlcv.csv',
      (await new LocalObjectStore(storeDir).get('processed/daily/symbol=BTC/ohlcv.csv'))!,
    );
    const client = new SageMakerRuntimeClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
    cleanups.push(async () => client.destroy());

    const run = runInference(
      {
        store,
        clock: () => new Date(),
        logger: captureLogger().logger,
        endpoint: sagemakerEndpoint(client, 'gone'),
      },
      { symbols: ['BTC'] },
    );

    await expect(run).rejects.toMatchObject({
      code: 'INFER_ENDPOINT_FAILED',
      kind: 'unavailable',
      message: expect.stringMatching(/SageMaker endpoint 'gone' failed for BTC/),
    });
    expect((await store.list('predictions/')).objects).toEqual([]);
  });
});
