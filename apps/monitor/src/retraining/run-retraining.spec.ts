import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { DEFAULT_TRAINING_PARAMETERS } from '@cf/forecasting';
import { modelKinds, readModelMetadata, type ModelMetadata } from '@cf/model';
import { getJson, listAll, modelPrefix, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { captureLogger } from '@cf/service/testing';
import { retrainingDecisionKey } from '../monitor-keys';
import { heldOutRatio } from '../promotion/model-catalog';
import { writeDatasets } from '../testing/fixtures';
import { TINY_TRAIN_PARAMETERS, writeSampleDatasets } from '../testing/model-fixtures';
import type { RetrainDecision } from './decide-retraining';
import { localTrainer } from './local-trainer';
import { runRetraining } from './run-retraining';
import { sageMakerTrainer } from './sagemaker-trainer';
import { TEST_TRAINING_SETTINGS } from './sagemaker-test-server';
import { listTrainingRuns } from './training-run';

const DAY = '2024-02-11';
const NOW = '2024-02-12T06:00:00.000Z';

describe('runRetraining', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await makeTempStore()));
  afterEach(() => cleanup());

  it('trains in-process with trainModel (a tiny network on wasm) and records the decision and the run', async () => {
    // prepare: no model yet, so the decision is to retrain
    await writeSampleDatasets(store);
    const { logger } = captureLogger();
    const deps = {
      store,
      clock: () => new Date(NOW),
      logger,
      retrain: { everyDays: 7, onDegradation: true, cooldownDays: 1 },
      trainer: localTrainer(
        { store, clock: () => new Date(NOW), logger, kinds: modelKinds() },
        TINY_TRAIN_PARAMETERS,
      ),
    };

    // act
    const { decision, run } = await runRetraining(deps, { day: DAY });

    // assert
    expect(decision).toMatchObject({ retrain: true, triggers: ['no-model'] });
    expect(await getJson<RetrainDecision>(store, retrainingDecisionKey(DAY))).toEqual(decision);
    expect(run?.run).toMatchObject({
      trainer: 'local',
      result: 'succeeded',
      startedAt: NOW,
      finishedAt: NOW,
      day: DAY,
    });
    const metadata = await readModelMetadata(store, modelPrefix(run!.run.version!));
    expect(metadata).toMatchObject({ model: 'lstm/scale-free', parameters: { window: 8 } });
    expect(run?.run.parameters).toEqual(TINY_TRAIN_PARAMETERS);
    expect(run?.run.heldOutRatioToPersistence).toBe(heldOutRatio(metadata));
    expect(await listTrainingRuns(store)).toEqual([run]);
  }, 60_000);

  it('replayed with an earlier clock (CLOCK_NOW) trains on the candles before it only: later ones never matter', async () => {
    // prepare: two stores with the same candles up to 2024-01-31; after it one holds the real ones, the other
    // candles a thousand times dearer
    const real = ['BTC', 'ETH'].map((s) => loadSampleCandles(s, { from: '2023-01-01', to: '2024-02-11' }));
    const poisoned = real.map((candles) =>
      candles.map((c) => (c.date <= '2024-01-31' ? c : { ...c, close: c.close * 1000, high: c.high * 1000 })),
    );
    const other = await makeTempStore();
    await writeDatasets(store, real);
    await writeDatasets(other.store, poisoned);
    const replay = (target: ObjectStore) => {
      const clock = () => new Date('2024-02-01T06:00:00.000Z');
      const { logger } = captureLogger();
      return runRetraining(
        {
          store: target,
          clock,
          logger,
          retrain: { everyDays: 7, onDegradation: true, cooldownDays: 1 },
          trainer: localTrainer(
            { store: target, clock, logger, kinds: modelKinds() },
            { ...TINY_TRAIN_PARAMETERS, model: 'ridge' },
          ),
        },
        { day: '2024-01-31' },
      );
    };

    // act
    const honest = await replay(store);
    const fromPoisoned = await replay(other.store);

    // assert
    const version = honest.run?.run.version;
    expect(fromPoisoned.run?.run.version).toBe(version);
    const metadata = await readModelMetadata(store, modelPrefix(version!));
    expect(metadata.data.trainedThrough).toBe('2024-01-31');
    // the same version, fitted to the same state (only the measured fit time differs)
    const untimed = (m: ModelMetadata) => ({ ...m, fit: { ...m.fit, seconds: 0 } });
    expect(untimed(await readModelMetadata(other.store, modelPrefix(version!)))).toEqual(untimed(metadata));
    await other.cleanup();
  });

  it('records a failed training and rethrows its error', async () => {
    // prepare: no processed data at all
    const { logger } = captureLogger();
    const trainer = localTrainer(
      { store, clock: () => new Date(NOW), logger, kinds: modelKinds() },
      TINY_TRAIN_PARAMETERS,
    );
    const deps = {
      store,
      clock: () => new Date(NOW),
      logger,
      retrain: { everyDays: 7, onDegradation: true, cooldownDays: 1 },
      trainer,
    };

    // act
    await expect(runRetraining(deps, { day: DAY, force: true })).rejects.toMatchObject({
      code: 'MODEL_DATASET_NOT_FOUND',
    });

    // assert
    const [recorded] = await listTrainingRuns(store);
    expect(recorded.run).toMatchObject({ result: 'failed', error: { code: 'MODEL_DATASET_NOT_FOUND' } });
  });

  describe('with SageMaker', () => {
    let server: Server;
    let endpoint: string;
    let requests: { headers: IncomingMessage['headers']; body: Record<string, unknown> }[];
    let reply: { status: number; body: unknown };

    beforeEach(async () => {
      requests = [];
      server = createServer((req, res) => {
        let text = '';
        req.on('data', (chunk: Buffer) => (text += chunk.toString()));
        req.on('end', () => {
          requests.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
          res.writeHead(reply.status, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': 'req-1',
          });
          res.end(JSON.stringify(reply.body));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const settings = TEST_TRAINING_SETTINGS;

    function deps() {
      const client = new SageMakerClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
        maxAttempts: 1,
      });
      const trainer = sageMakerTrainer(client, settings, {
        ...DEFAULT_TRAINING_PARAMETERS,
        model: 'gru/scale-free',
        epochs: 10,
        window: 40,
        learningRate: 0.002,
        symbols: ['BTC', 'ETH'],
        units: [48, 24],
      });
      return {
        store,
        clock: () => new Date(NOW),
        logger: captureLogger().logger,
        retrain: { everyDays: 7, onDegradation: true, cooldownDays: 1 },
        trainer,
      };
    }

    it('creates a training job through the real SDK client and records it as submitted', async () => {
      // prepare
      const arn = 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/cf-train-20240212-060000';
      reply = { status: 200, body: { TrainingJobArn: arn } };

      // act
      const { run } = await runRetraining(deps(), { day: DAY, force: true });

      // assert: the wire request
      expect(requests).toHaveLength(1);
      const { headers, body } = requests[0];
      expect(headers['x-amz-target']).toBe('SageMaker.CreateTrainingJob');
      expect(headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20\d{6}\/eu-west-1\/sagemaker\/aws4_request/,
      );
      expect(body).toEqual({
        TrainingJobName: 'cf-train-20240212-060000',
        RoleArn: settings.roleArn,
        AlgorithmSpecification: { TrainingImage: settings.trainingImage, TrainingInputMode: 'File' },
        HyperParameters: {
          model: 'gru/scale-free',
          symbols: 'BTC,ETH',
          window: '40',
          units: '48,24',
          epochs: '10',
          'learning-rate': '0.002',
        },
        InputDataConfig: [
          {
            ChannelName: 'train',
            ContentType: 'text/csv',
            DataSource: {
              S3DataSource: {
                S3DataType: 'S3Prefix',
                S3Uri: 's3://forecasts/prod/processed/daily/',
                S3DataDistributionType: 'FullyReplicated',
              },
            },
          },
        ],
        OutputDataConfig: { S3OutputPath: 's3://forecasts/prod/models/' },
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        Environment: { STORE_URL: 's3://forecasts/prod', TRAINING_RUN_ID: 'cf-train-20240212-060000' },
        Tags: [{ Key: 'service', Value: 'crypto-forecast-monitor' }],
      });
      for (const value of Object.values(body.HyperParameters as Record<string, unknown>))
        expect(typeof value).toBe('string');
      // assert: the record
      expect(run?.run).toMatchObject({
        trainer: 'sagemaker',
        result: 'submitted',
        jobName: 'cf-train-20240212-060000',
        jobArn: arn,
      });
      expect((await listAll(store, 'monitoring/retraining/runs/')).map((o) => o.key)).toEqual([run!.key]);
    });

    it('records SageMaker refusing the job as a failed run', async () => {
      // prepare
      reply = {
        status: 400,
        body: {
          __type: 'ValidationException',
          message: 'Could not assume role arn:aws:iam::123456789012:role/cf-sagemaker',
        },
      };

      // act
      await expect(runRetraining(deps(), { day: DAY, force: true })).rejects.toMatchObject({
        code: 'MONITOR_SAGEMAKER_FAILED',
        kind: 'unavailable',
      });

      // assert
      const [recorded] = await listTrainingRuns(store);
      expect(recorded.run.result).toBe('failed');
      expect(recorded.run.error?.message).toMatch(/Could not assume role/);
    });
  });
});
