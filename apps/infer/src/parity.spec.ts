import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { formatCandlesCsv, type Forecast } from '@cf/ohlcv';
import { getJson, latestPredictionKey, LocalObjectStore, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { captureLogger } from '@cf/service/testing';
import { runCli } from './cli';
import { loadConfig } from './config';
import { createInferHandler } from './handler';
import type { MissingSymbol } from './job/inference-report';
import { sagemakerEndpoint } from './job/remote-endpoint';
import { runInference } from './job/run-inference';
import { createVersionCache } from './job/version-cache';
import {
  copyModel,
  makeTempDir,
  sampleCandles,
  writeDataset,
  writeModelFixture,
} from './test-support/model-fixture';
import { startTestEndpoint } from './test-support/endpoint-server';

// Networks run on the tfjs wasm backend (tfjs-node cannot be installed offline).
jest.setTimeout(60_000);

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
const CLOCK = () => new Date('2024-02-12T06:00:00.000Z');
/** SOL gets 10 candles: too few for every kind that reads a window; persistence needs one; drift never saw it. */
const SYMBOLS = ['BTC', 'ETH', 'SOL'];

/** A forecast without its run time, for comparing the numbers of runs made at different moments. */
const numbers = (forecasts: readonly Forecast[]) => forecasts.map(({ generatedAt: _time, ...rest }) => rest);
const missingCodes = (missing: readonly MissingSymbol[]) => missing.map((m) => [m.symbol, m.code]);

describe.each([
  ['persistence', []],
  ['drift', [['SOL', 'MODEL_FORECASTING_INSUFFICIENT_HISTORY']]],
  ['ridge', [['SOL', 'MODEL_INSUFFICIENT_DATA']]],
  ['dense/scale-free', [['SOL', 'MODEL_INSUFFICIENT_DATA']]],
  ['lstm/scale-free', [['SOL', 'MODEL_INSUFFICIENT_DATA']]],
  ['gru/price-levels', [['SOL', 'MODEL_INSUFFICIENT_DATA']]],
  ['persistence+garch', [['SOL', 'MODEL_INSUFFICIENT_DATA']]],
  ['ridge+naive-empirical', [['SOL', 'MODEL_INSUFFICIENT_DATA']]],
])(
  '%s: one model version and one dataset give the same forecasts through every adapter',
  (model, missing) => {
    const cleanups: (() => Promise<void>)[] = [];
    let source: ObjectStore;
    let work: string;
    let modelDir: string;
    let endpointUrl: string;

    beforeAll(async () => {
      const temp = await makeTempStore();
      const dir = await makeTempDir();
      cleanups.push(temp.cleanup, dir.cleanup);
      source = temp.store;
      work = dir.dir;
      // Ranges are judged against the naive ranges, which read a year of history: those versions train on more.
      const from = model.includes('+') ? { from: '2022-06-01' } : {};
      ({ modelDir } = await writeModelFixture(temp.store, work, { model, ...from }));
      await writeDataset(temp.store, 'BTC', sampleCandles('BTC'));
      await writeDataset(temp.store, 'ETH', sampleCandles('ETH'));
      await writeDataset(temp.store, 'SOL', sampleCandles('SOL').slice(-10));
      const endpoint = await startTestEndpoint(modelDir, CLOCK);
      endpointUrl = endpoint.url;
      cleanups.push(() => endpoint.close());
    });
    afterAll(async () => {
      for (const cleanup of cleanups) await cleanup();
    });

    /** A fresh store holding the datasets and the model version as `models/latest/`. */
    async function storeWithModel(): Promise<ObjectStore> {
      const { store, cleanup } = await makeTempStore();
      cleanups.push(cleanup);
      for (const symbol of SYMBOLS) {
        const key = `processed/daily/symbol=${symbol}/ohlcv.csv`;
        await store.put(key, (await source.get(key))!);
      }
      await copyModel(new LocalObjectStore(modelDir), '', store, 'models/latest/');
      return store;
    }

    async function fromLambda(
      env: Record<string, string>,
    ): Promise<{ forecasts: Forecast[]; missing: MissingSymbol[] }> {
      const store = await storeWithModel();
      const handler = createInferHandler({
        STORE_URL: store.url,
        INFER_SYMBOLS: SYMBOLS.join(','),
        TF_BACKEND: 'wasm',
        LOG_LEVEL: 'silent',
        ...env,
      });
      const report = await handler(SCHEDULED_EVENT, CONTEXT);
      expect(await getJson<MissingSymbol[]>(store, latestPredictionKey('missing_symbols.json'))).toEqual(
        report.missing,
      );
      return { forecasts: [...report.forecasts], missing: [...report.missing] };
    }

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
          clock: CLOCK,
          versionCache: createVersionCache(),
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
      expect(printed.join('')).toMatch(
        new RegExp(`^BTC {2}last close .* model ${model.replace(/[/+]/g, (c) => `\\${c}`)} `),
      );
      expect(cli.map((f) => [f.symbol, f.model])).toEqual([
        ['BTC', model],
        ['ETH', model],
      ]);
      expect(numbers(lambda.forecasts.filter((f) => f.symbol !== 'SOL'))).toEqual(numbers(cli));
      expect(numbers(endpoint)).toEqual(numbers(cli));
      expect(missingCodes(lambda.missing)).toEqual(missing);
    });

    it('remote mode sends the last historyDays candles through the real SageMaker runtime client and publishes the same forecasts', async () => {
      const store = await storeWithModel();
      const client = new SageMakerRuntimeClient({
        endpoint: endpointUrl,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
      });
      cleanups.push(async () => client.destroy());

      const report = await runInference(
        {
          store,
          clock: CLOCK,
          logger: captureLogger().logger,
          endpoint: sagemakerEndpoint(client, 'crypto-forecast-infer'),
        },
        { symbols: SYMBOLS },
      );
      const inProcess = await fromLambda({});

      expect(report.mode).toBe('remote');
      expect(report.forecasts.every((f) => f.generatedAt === '2024-02-12T06:00:00.000Z')).toBe(true);
      expect(numbers(report.forecasts)).toEqual(numbers(inProcess.forecasts));
      expect(missingCodes(report.missing)).toEqual(missing);
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

        expect(numbers(remote.forecasts)).toEqual(numbers(inProcess.forecasts));
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    });
  },
);

describe('remote mode when the endpoint is gone', () => {
  it('fails the run, publishing nothing', async () => {
    const { store, cleanup } = await makeTempStore();
    const { dir, cleanup: cleanDir } = await makeTempDir();
    try {
      await writeModelFixture(store, dir, { model: 'persistence' });
      await writeDataset(store, 'BTC', sampleCandles('BTC'));
      const client = new SageMakerRuntimeClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
        maxAttempts: 1,
      });

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
      client.destroy();
    } finally {
      await cleanup();
      await cleanDir();
    }
  });
});
