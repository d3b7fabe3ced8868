import { LATEST_MODEL_VERSION, modelKey, putJson, type ObjectStore } from '@cf/storage';
import { makeTempStore } from '@cf/storage/testing';
import { trainingRunKey } from '../monitor-keys';
import type { TrainingRun } from '../retraining/training-run';
import { metadataFixture } from '../testing/metadata-fixture';
import { formatStatus } from './format-status';
import { buildStatus } from './monitor-status';

describe('buildStatus', () => {
  let store: ObjectStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await makeTempStore()));
  afterEach(() => cleanup());

  const clock = () => new Date('2024-03-01T06:00:00.000Z');
  const run = (
    startedAt: string,
    result: TrainingRun['result'],
    extra: Partial<TrainingRun> = {},
  ): TrainingRun => ({
    schemaVersion: 1,
    trainer: 'local',
    day: startedAt.slice(0, 10),
    startedAt,
    finishedAt: startedAt,
    reasons: ['schedule'],
    result,
    parameters: {},
    ...extra,
  });

  it('says plainly that nothing runs on an empty store', async () => {
    // act
    const status = await buildStatus({ store, clock }, { everyDays: 7 });
    // assert
    expect(status).toMatchObject({
      lastTraining: null,
      promoted: null,
      lastEvaluation: null,
      alerts: null,
      nextScheduledTraining: null,
    });
    expect(status.warnings).toEqual([
      'no training run has been recorded by the monitor yet',
      'no model is promoted: infer has nothing to forecast with',
      'nothing has been evaluated yet',
    ]);
  });

  it('makes a retraining that silently stopped, and a failed last run, visible at a glance', async () => {
    // prepare: the last good run was 20 days ago; the one after it failed
    await putJson(
      store,
      trainingRunKey('20240210T060000000Z', 'local'),
      run('2024-02-10T06:00:00.000Z', 'succeeded', { version: 'v2' }),
    );
    await putJson(
      store,
      trainingRunKey('20240217T060000000Z', 'local'),
      run('2024-02-17T06:00:00.000Z', 'failed', {
        error: { code: 'MODEL_INVALID_DATASET', message: 'dataset BTC is empty' },
      }),
    );
    await putJson(
      store,
      modelKey(LATEST_MODEL_VERSION, 'metadata.json'),
      metadataFixture({ version: 'v2', symbols: ['BTC'], train: { from: '2023-01-01', to: '2023-12-31' } }),
    );

    // act
    const status = await buildStatus({ store, clock }, { everyDays: 7 });

    // assert
    expect(status.lastTraining).toMatchObject({ result: 'failed', ageDays: 13 });
    expect(status.nextScheduledTraining).toBe('2024-02-17');
    expect(status.warnings.slice(0, 2)).toEqual([
      'the last training (2024-02-17T06:00:00.000Z) failed: dataset BTC is empty',
      'no successful training for 20 days although the schedule is every 7: retraining has stopped',
    ]);
    expect(status.promoted).toMatchObject({
      version: 'v2',
      promotion: null,
      test: { ratioToPersistence: 1.02 },
    });
    const text = formatStatus(status);
    expect(text.split('\n')[0]).toBe(
      'WARNING: the last training (2024-02-17T06:00:00.000Z) failed: dataset BTC is empty',
    );
    expect(text).toContain('promoted model: v2 lstm/scale-free (trained through 2023-12-31)');
  });
});
