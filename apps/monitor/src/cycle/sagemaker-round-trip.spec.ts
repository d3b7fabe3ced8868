// The SageMaker round trip through three daily cycles: CreateTrainingJob, DescribeTrainingJob answering
// InProgress then Completed (the real SDK client against a local server on 127.0.0.1), the version the train
// image published found through its run record, and a promotion decision. Tiny real models, tfjs wasm backend.
import { readModelMetadata, writePublishedVersion } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { LATEST_MODEL_VERSION, modelPrefix, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { loadConfig } from '../config';
import { createMonitorDeps } from '../deps';
import {
  startSageMakerServer,
  type SageMakerRequest,
  type SageMakerReply,
  type SageMakerTestServer,
} from '../retraining/sagemaker-test-server';
import { heldOutRatio } from '../promotion/model-catalog';
import { listTrainingRuns } from '../retraining/training-run';
import { trainTinyVersion, writeSampleDatasets } from '../testing/model-fixtures';
import { runDailyCycle } from './run-daily-cycle';

const JOB = 'cf-train-20240212-060000';
const ARN = `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${JOB}`;

describe('daily cycle with SageMaker training', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let server: SageMakerTestServer;
  let jobStatus: Record<string, unknown>;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
    server = await startSageMakerServer((request: SageMakerRequest): SageMakerReply => {
      if (request.operation === 'CreateTrainingJob') return { status: 200, body: { TrainingJobArn: ARN } };
      if (request.operation === 'DescribeTrainingJob')
        return { status: 200, body: { TrainingJobName: JOB, TrainingJobArn: ARN, ...jobStatus } };
      return { status: 400, body: { __type: 'UnknownOperationException', message: request.operation } };
    });
  });
  afterEach(async () => {
    await server.close();
    await cleanup();
  });

  const config = loadConfig({
    STORE_URL: 's3://forecasts/prod',
    S3_FORCE_PATH_STYLE: 'true',
    MONITOR_TRAINER: 'sagemaker',
    SAGEMAKER_ROLE_ARN: 'arn:aws:iam::123456789012:role/cf-sagemaker',
    SAGEMAKER_TRAINING_IMAGE: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/crypto-forecast/train:1.0.0',
    MONITOR_TRAIN_MODEL: 'ridge',
    MONITOR_TRAIN_HORIZON: '3',
  });
  function cycle(now: string) {
    const { logger } = captureLogger();
    const deps = createMonitorDeps(config, logger, {
      store,
      clock: () => new Date(now),
      sageMakerClient: server.client(),
    });
    return runDailyCycle(deps);
  }

  it('submits a job, waits while it runs, then records its version and decides on promoting it', async () => {
    // prepare: data up to 2024-02-11, nothing trained or promoted yet
    await writeSampleDatasets(store);

    // act 1: nothing is promoted, so the cycle submits a training job
    const first = await cycle('2024-02-12T06:00:00.000Z');

    // assert 1
    expect(first.failures).toEqual([]);
    expect(first.retraining).toMatchObject({ retrain: true, result: 'submitted' });
    expect(first.promotion).toBeNull();
    expect(server.requests.map((r) => r.operation)).toEqual(['CreateTrainingJob']);
    expect(server.requests[0].body).toMatchObject({
      TrainingJobName: JOB,
      HyperParameters: { model: 'ridge', horizon: '3' },
      Environment: { STORE_URL: 's3://forecasts/prod', TRAINING_RUN_ID: JOB, S3_FORCE_PATH_STYLE: 'true' },
    });

    // act 2: the job is still running; no second job is started although still nothing is promoted
    jobStatus = { TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training' };
    const second = await cycle('2024-02-13T06:00:00.000Z');

    // assert 2
    expect(second.failures).toEqual([]);
    expect(server.requests.map((r) => r.operation)).toEqual(['CreateTrainingJob', 'DescribeTrainingJob']);
    expect(server.requests[1].body).toEqual({ TrainingJobName: JOB });
    expect(second.followedRuns).toEqual([]);
    expect(second.retraining).toMatchObject({ retrain: false });
    expect(second.retraining?.reasons[0]).toMatch(
      /^not starting another training: cf-train-20240212-060000 \(submitted 2024-02-12T06:00:00\.000Z\) has not been seen to end yet/,
    );
    expect(second.promotion).toBeNull();
    expect((await listTrainingRuns(store)).map((r) => r.run.result)).toEqual(['submitted']);

    // the train image, given STORE_URL and TRAINING_RUN_ID, publishes models/{version}/ and its run record
    const { logger } = captureLogger();
    const trained = await trainTinyVersion(store, logger, '2024-02-12T06:40:00.000Z', { model: 'ridge' });
    await writePublishedVersion(store, {
      schemaVersion: 1,
      runId: JOB,
      version: trained.version,
      publishedAt: '2024-02-12T07:20:00.000Z',
    });
    jobStatus = { TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed', TrainingEndTime: 1707723000 };

    // act 3: the job has completed
    const third = await cycle('2024-02-14T06:00:00.000Z');

    // assert 3: the run succeeded with the published version, which the promotion step judged and promoted
    expect(third.failures).toEqual([]);
    expect(third.followedRuns).toEqual([{ jobName: JOB, result: 'succeeded', version: trained.version }]);
    expect(third.retraining).toMatchObject({ retrain: false });
    expect(third.retraining?.reasons).toContain(
      `no model is promoted, but version ${trained.version} waits for promotion`,
    );
    expect(third.promotion).toMatchObject({ version: trained.version, status: 'promoted' });
    expect(third.promotion?.reasons[0]).toBe(
      'nothing is promoted yet: the candidate must still pass the gate',
    );
    expect(server.requests.map((r) => r.operation)).toEqual([
      'CreateTrainingJob',
      'DescribeTrainingJob',
      'DescribeTrainingJob',
    ]);
    const [run] = await listTrainingRuns(store);
    expect(run.run).toMatchObject({
      trainer: 'sagemaker',
      result: 'succeeded',
      jobName: JOB,
      jobArn: ARN,
      jobStatus: 'Completed',
      version: trained.version,
      startedAt: '2024-02-12T06:00:00.000Z',
      finishedAt: '2024-02-12T07:30:00.000Z',
      heldOutRatioToPersistence: heldOutRatio(trained.metadata),
    });
    expect((await readModelMetadata(store, modelPrefix(LATEST_MODEL_VERSION))).version).toBe(trained.version);
  }, 90_000);
});
