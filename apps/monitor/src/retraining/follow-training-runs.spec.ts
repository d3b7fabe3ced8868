// Following submitted SageMaker runs through the real SDK client against a local server on 127.0.0.1 that
// answers DescribeTrainingJob as SageMaker does; model versions are tiny real ones (tfjs
// wasm backend).
import { writePublishedVersion } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { getJson, putJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { trainingRunKey } from '../monitor-keys';
import { heldOutRatio } from '../promotion/model-catalog';
import { TINY_TRAIN_PARAMETERS, trainTinyVersion, writeSampleDatasets } from '../testing/model-fixtures';
import { followTrainingRuns } from './follow-training-runs';
import { localTrainer } from './local-trainer';
import { sageMakerTrainer } from './sagemaker-trainer';
import {
  startSageMakerServer,
  TEST_TRAINING_SETTINGS,
  type SageMakerReply,
  type SageMakerTestServer,
} from './sagemaker-test-server';
import type { TrainingRun } from './training-run';

const JOB = 'cf-train-20240212-060000';
const SUBMITTED_AT = '2024-02-12T06:00:00.000Z';
const NOW = '2024-02-13T06:00:00.000Z';
// 2024-02-12T07:30:00Z in epoch seconds, as SageMaker's JSON protocol sends timestamps.
const ENDED_EPOCH = 1707723000;

const SETTINGS = TEST_TRAINING_SETTINGS;

const SUBMITTED: TrainingRun = {
  schemaVersion: 1,
  trainer: 'sagemaker',
  day: '2024-02-11',
  startedAt: SUBMITTED_AT,
  finishedAt: SUBMITTED_AT,
  reasons: ['no model is promoted'],
  result: 'submitted',
  parameters: { epochs: 2 },
  jobName: JOB,
  jobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${JOB}`,
};

describe('followTrainingRuns', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  let server: SageMakerTestServer;
  let reply: SageMakerReply;
  const key = trainingRunKey('20240212T060000000Z', 'sagemaker');

  beforeEach(async () => {
    ({ store, cleanup } = await makeTempStore());
    server = await startSageMakerServer(() => reply);
    await putJson(store, key, SUBMITTED);
  });
  afterEach(async () => {
    await server.close();
    await cleanup();
  });

  function follow(logger = captureLogger().logger) {
    return followTrainingRuns({
      store,
      clock: () => new Date(NOW),
      logger,
      trainer: sageMakerTrainer(server.client(), SETTINGS, TINY_TRAIN_PARAMETERS),
    });
  }
  const describe200 = (body: Record<string, unknown>): SageMakerReply => ({
    status: 200,
    body: { TrainingJobName: JOB, TrainingJobArn: SUBMITTED.jobArn, ...body },
  });

  it('leaves a job that is still running as submitted, writing nothing', async () => {
    reply = describe200({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training' });
    const before = await store.get(key);

    const ended = await follow();

    expect(ended).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].operation).toBe('DescribeTrainingJob');
    expect(server.requests[0].headers['x-amz-target']).toBe('SageMaker.DescribeTrainingJob');
    expect(server.requests[0].body).toEqual({ TrainingJobName: JOB });
    expect((await store.get(key))?.equals(before!)).toBe(true);
  });

  it('records a completed job as succeeded with the version it published and its held-out ratio', async () => {
    await writeSampleDatasets(store);
    const { logger, lines } = captureLogger();
    const trained = await trainTinyVersion(store, logger, '2024-02-12T06:40:00.000Z');
    await writePublishedVersion(store, {
      schemaVersion: 1,
      runId: JOB,
      version: trained.version,
      publishedAt: '2024-02-12T07:20:00.000Z',
    });
    reply = describe200({ TrainingJobStatus: 'Completed', TrainingEndTime: ENDED_EPOCH });

    const ended = await follow(logger);

    const expected: TrainingRun = {
      ...SUBMITTED,
      result: 'succeeded',
      finishedAt: '2024-02-12T07:30:00.000Z',
      jobStatus: 'Completed',
      version: trained.version,
      heldOutRatioToPersistence: heldOutRatio(trained.metadata),
    };
    expect(ended).toEqual([{ key, run: expected }]);
    expect(await getJson<TrainingRun>(store, key)).toEqual(expected);
    expect(lines().find((l) => l['jobName'] === JOB)).toMatchObject({
      msg: 'training job succeeded: its version is a promotion candidate',
      version: trained.version,
    });
    // Following again asks nothing more: the run has ended.
    expect(await follow()).toEqual([]);
    expect(server.requests).toHaveLength(1);
  }, 60_000);

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'failed',
      {
        TrainingJobStatus: 'Failed',
        SecondaryStatus: 'Failed',
        FailureReason:
          "AlgorithmError: hyperparameter 'epochs' in /opt/ml/input/config/hyperparameters.json: 'ten' is not an integer",
        TrainingEndTime: ENDED_EPOCH,
      },
      'Failed',
      /^SageMaker training job 'cf-train-20240212-060000' Failed \(Failed\): AlgorithmError: hyperparameter 'epochs' .* 'ten' is not an integer$/,
    ],
    [
      'was stopped at its stopping condition',
      { TrainingJobStatus: 'Stopped', SecondaryStatus: 'MaxRuntimeExceeded', TrainingEndTime: ENDED_EPOCH },
      'Stopped',
      /^SageMaker training job 'cf-train-20240212-060000' Stopped \(MaxRuntimeExceeded\): stopped by StopTrainingJob or its stopping condition$/,
    ],
  ])("records a job that %s as failed, with SageMaker's reason", async (_case, body, status, message) => {
    reply = describe200(body);

    const [ended] = await follow();

    expect(ended.run).toMatchObject({
      result: 'failed',
      jobStatus: status,
      finishedAt: '2024-02-12T07:30:00.000Z',
      error: { code: 'MONITOR_SAGEMAKER_FAILED' },
    });
    expect(ended.run.error?.message).toMatch(message);
    expect(ended.run.version).toBeUndefined();
    expect(await getJson<TrainingRun>(store, key)).toEqual(ended.run);
  });

  it('records a job SageMaker does not know as failed', async () => {
    reply = {
      status: 400,
      body: { __type: 'ResourceNotFound', Message: `Requested resource not found: ${JOB}` },
    };

    const [ended] = await follow();

    expect(ended.run).toMatchObject({ result: 'failed', jobStatus: 'NotFound', finishedAt: NOW });
    expect(ended.run.error?.message).toMatch(/SageMaker has no training job 'cf-train-20240212-060000'/);
  });

  it('records a completed job that published no version as failed, saying why', async () => {
    reply = describe200({ TrainingJobStatus: 'Completed', TrainingEndTime: ENDED_EPOCH });

    const [ended] = await follow();

    expect(ended.run).toMatchObject({
      result: 'failed',
      jobStatus: 'Completed',
      error: { code: 'MONITOR_MODEL_NOT_FOUND' },
    });
    expect(ended.run.error?.message).toMatch(
      /completed but published no model version: models\/cf-train-20240212-060000\/published-version\.json is missing from file:/,
    );
  });

  it('leaves the run submitted and throws when SageMaker cannot be asked', async () => {
    reply = { status: 500, body: { __type: 'InternalFailure', message: 'We encountered an internal error' } };
    const before = await store.get(key);

    await expect(follow()).rejects.toMatchObject({
      code: 'MONITOR_SAGEMAKER_FAILED',
      kind: 'unavailable',
      message: expect.stringMatching(/^DescribeTrainingJob 'cf-train-20240212-060000' failed: /),
    });
    expect((await store.get(key))?.equals(before!)).toBe(true);
  });

  it('does not follow with a trainer that cannot (MONITOR_TRAINER switched to local)', async () => {
    const { logger } = captureLogger();
    const trainer = localTrainer(
      { store, clock: () => new Date(NOW), logger, kinds: [] },
      TINY_TRAIN_PARAMETERS,
    );

    const ended = await followTrainingRuns({ store, clock: () => new Date(NOW), logger, trainer });

    expect(ended).toEqual([]);
    expect(server.requests).toEqual([]);
  });
});
