import { DEFAULT_TRAINING_PARAMETERS } from '@cf/forecasting';
// The SageMaker trainer through the real `@aws-sdk/client-sagemaker` client against the local server on
// 127.0.0.1, which answers a job it does not know exactly as SageMaker does (HTTP 400 ValidationException).
import { captureLogger } from '@cf/service/testing';
import type { ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { loadConfig } from '../config';
import { runDailyCycle } from '../cycle/run-daily-cycle';
import { createMonitorDeps } from '../deps';
import { writeSampleDatasets } from '../testing/model-fixtures';
import { isUnknownJob, sageMakerTrainer } from './sagemaker-trainer';
import {
  startSageMakerServer,
  TEST_TRAINING_SETTINGS,
  unknownResourceReply,
  type SageMakerReply,
  type SageMakerTestServer,
} from './sagemaker-test-server';
import { listTrainingRuns } from './training-run';

const JOB = 'cf-train-20240212-060000';
const ARN = `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${JOB}`;
const SETTINGS = TEST_TRAINING_SETTINGS;

describe('the local SageMaker server', () => {
  it('answers DescribeTrainingJob of an unknown job with the bytes AWS sends: 400 ValidationException', async () => {
    const server = await startSageMakerServer(() => undefined);

    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'SageMaker.DescribeTrainingJob',
      },
      body: JSON.stringify({ TrainingJobName: 'never-created' }),
    });
    const body: unknown = await response.json();
    await server.close();

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(body).toEqual({ __type: 'ValidationException', message: 'Requested resource not found.' });
    expect(unknownResourceReply()).toEqual({ status: 400, body });
  });
});

describe('sageMakerTrainer.follow', () => {
  let server: SageMakerTestServer;
  let reply: SageMakerReply | undefined;

  beforeEach(async () => {
    server = await startSageMakerServer(() => reply);
  });
  afterEach(async () => {
    await server.close();
  });
  const follow = () => sageMakerTrainer(server.client(), SETTINGS, DEFAULT_TRAINING_PARAMETERS).follow!(JOB);

  it('reports a job SageMaker does not know (deleted) as failed and gone, with the reason', async () => {
    reply = undefined;

    const state = await follow();

    expect(state).toEqual({
      state: 'failed',
      status: 'NotFound',
      reason:
        `SageMaker has no training job '${JOB}' (deleted, or created in another account or region), so it ` +
        'will never finish (ValidationException: Requested resource not found.)',
      endedAt: null,
    });
    expect(server.requests.map((r) => [r.operation, r.body])).toEqual([
      ['DescribeTrainingJob', { TrainingJobName: JOB }],
    ]);
  });

  it('still reads ResourceNotFound, the error the API model declares, as gone', async () => {
    reply = { status: 400, body: { __type: 'ResourceNotFound', message: `Training job ${JOB} not found` } };

    await expect(follow()).resolves.toMatchObject({ state: 'failed', status: 'NotFound' });
  });

  it('treats any other ValidationException as a failure to ask, not as a vanished job', async () => {
    reply = {
      status: 400,
      body: {
        __type: 'ValidationException',
        message:
          "1 validation error detected: Value 'bad_name' at 'trainingJobName' failed to satisfy constraint",
      },
    };

    await expect(follow()).rejects.toMatchObject({
      code: 'MONITOR_SAGEMAKER_FAILED',
      kind: 'unavailable',
      message: expect.stringMatching(
        /^DescribeTrainingJob 'cf-train-20240212-060000' failed: 1 validation error/,
      ),
    });
  });

  it('recognizes only not-found errors in isUnknownJob', () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });

    expect(isUnknownJob(named('ValidationException', 'Requested resource not found.'))).toBe(true);
    expect(isUnknownJob(named('ResourceNotFound', 'anything'))).toBe(true);
    expect(isUnknownJob(named('ValidationException', 'Could not assume role'))).toBe(false);
    expect(isUnknownJob(named('ThrottlingException', 'Requested resource not found.'))).toBe(false);
    expect(isUnknownJob('Requested resource not found.')).toBe(false);
    expect(isUnknownJob(undefined)).toBe(false);
  });
});

describe('a daily cycle whose submitted job was deleted', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let server: SageMakerTestServer;
  let jobExists: boolean;

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
    jobExists = true;
    server = await startSageMakerServer((request) => {
      if (request.operation === 'CreateTrainingJob') return { status: 200, body: { TrainingJobArn: ARN } };
      if (request.operation === 'DescribeTrainingJob' && jobExists)
        return {
          status: 200,
          body: { TrainingJobName: JOB, TrainingJobArn: ARN, TrainingJobStatus: 'InProgress' },
        };
      return undefined;
    });
  });
  afterEach(async () => {
    await server.close();
    await cleanup();
  });

  const config = loadConfig({
    STORE_URL: 's3://forecasts/prod',
    MONITOR_TRAINER: 'sagemaker',
    SAGEMAKER_ROLE_ARN: SETTINGS.roleArn,
    SAGEMAKER_TRAINING_IMAGE: SETTINGS.trainingImage,
  });
  function cycle(now: string) {
    const deps = createMonitorDeps(config, captureLogger().logger, {
      store,
      clock: () => new Date(now),
      sageMakerClient: server.client(),
    });
    return runDailyCycle(deps);
  }

  it('records the run as failed and submits a new training instead of waiting forever', async () => {
    // prepare: a first cycle submits a job; it is then deleted, so SageMaker no longer knows it
    await writeSampleDatasets(store);
    const first = await cycle('2024-02-12T06:00:00.000Z');
    expect(first.retraining).toMatchObject({ retrain: true, result: 'submitted' });
    jobExists = false;

    // act
    const second = await cycle('2024-02-13T06:00:00.000Z');

    // assert: the run is failed with SageMaker's reason, and retraining is no longer blocked by it
    expect(second.followedRuns).toEqual([{ jobName: JOB, result: 'failed' }]);
    expect(second.retraining).toMatchObject({ retrain: true, result: 'submitted' });
    const runs = await listTrainingRuns(store);
    const gone = runs.find((r) => r.run.jobStatus === 'NotFound');
    expect(gone?.run).toMatchObject({
      result: 'failed',
      jobName: JOB,
      finishedAt: '2024-02-13T06:00:00.000Z',
    });
    expect(gone?.run.error?.message).toMatch(/ValidationException: Requested resource not found\.\)$/);
    expect(server.requests.map((r) => r.operation)).toEqual([
      'CreateTrainingJob',
      'DescribeTrainingJob',
      'CreateTrainingJob',
    ]);
  }, 60_000);
});
