import { alert } from '../alerts/alert';
import { metadataFixture } from '../testing/metadata-fixture';
import { decideRetraining, type RetrainInputs } from './decide-retraining';
import type { StoredTrainingRun, TrainingRun } from './training-run';

const SETTINGS = { everyDays: 7, onDegradation: true, cooldownDays: 1 };
const promoted = metadataFixture({
  version: 'v1',
  symbols: ['BTC'],
  train: { from: '2023-01-01', to: '2023-06-30' },
  createdAt: '2024-02-01T03:00:00.000Z',
});

function run(startedAt: string, result: TrainingRun['result']): StoredTrainingRun {
  return {
    key: `monitoring/retraining/runs/${startedAt}-local.json`,
    run: {
      schemaVersion: 1,
      trainer: 'local',
      day: startedAt.slice(0, 10),
      startedAt,
      finishedAt: null,
      reasons: [],
      result,
      parameters: {},
      version: 'v2',
      ...(result === 'failed' ? { error: { code: 'X', message: 'disk full' } } : {}),
    },
  };
}

function inputs(overrides: Partial<RetrainInputs>): RetrainInputs {
  return {
    day: '2024-02-05',
    now: new Date('2024-02-06T06:00:00Z'),
    force: false,
    runs: [],
    promoted,
    alerts: [],
    ...overrides,
  };
}

describe('decideRetraining', () => {
  it('does not retrain before the schedule is due, and says when it will', () => {
    // act
    const decision = decideRetraining(inputs({}), SETTINGS);
    // assert
    expect(decision).toMatchObject({
      retrain: false,
      triggers: [],
      daysSinceLastTraining: 5,
      nextScheduledDay: '2024-02-08',
    });
    expect(decision.lastTraining).toEqual({
      at: '2024-02-01T03:00:00.000Z',
      source: 'promoted-model',
      detail: 'promoted v1',
    });
    expect(decision.reasons[0]).toMatch(/^not due: 5 day\(s\) since the last training, next on 2024-02-08/);
  });

  it('retrains on schedule, counting from the newest successful run', () => {
    // act
    const due = decideRetraining(inputs({ now: new Date('2024-02-08T06:00:00Z') }), SETTINGS);
    const recent = decideRetraining(
      inputs({ now: new Date('2024-02-08T06:00:00Z'), runs: [run('2024-02-04T06:00:00.000Z', 'succeeded')] }),
      SETTINGS,
    );
    // assert
    expect(due).toMatchObject({ retrain: true, triggers: ['schedule'], daysSinceLastTraining: 7 });
    expect(recent).toMatchObject({
      retrain: false,
      daysSinceLastTraining: 4,
      nextScheduledDay: '2024-02-11',
    });
    expect(recent.lastTraining?.detail).toBe('local run succeeded: v2');
  });

  it('does not let a failed run reset the schedule, and reports it', () => {
    // act
    const decision = decideRetraining(
      inputs({ now: new Date('2024-02-09T06:00:00Z'), runs: [run('2024-02-08T06:00:00.000Z', 'failed')] }),
      SETTINGS,
    );
    // assert
    expect(decision.triggers).toEqual(['schedule']);
    expect(decision.reasons[1]).toBe('the last run (2024-02-08T06:00:00.000Z) failed: disk full');
  });

  it('retrains on a degradation alert (unless disabled), when forced, and when nothing is promoted', () => {
    // prepare
    const degraded = [
      alert('degradation-ratio', 'BTC', 'worse', {}, {}),
      alert('stale-data', 'ETH', 'old', {}, {}),
    ];
    // act + assert
    expect(decideRetraining(inputs({ alerts: degraded }), SETTINGS)).toMatchObject({
      retrain: true,
      triggers: ['degradation'],
      degradationAlerts: 1,
    });
    expect(
      decideRetraining(inputs({ alerts: degraded }), { ...SETTINGS, onDegradation: false }).retrain,
    ).toBe(false);
    expect(decideRetraining(inputs({ force: true }), SETTINGS).triggers).toEqual(['forced']);
    const sameDay = decideRetraining(
      inputs({ alerts: degraded, now: new Date('2024-02-01T09:00:00Z') }),
      SETTINGS,
    );
    expect(sameDay.retrain).toBe(false);
    expect(sameDay.reasons[1]).toMatch(/but the last training is 0 day\(s\) old \(cooldown 1\)/);
    expect(decideRetraining(inputs({ promoted: undefined }), SETTINGS)).toMatchObject({
      triggers: ['no-model'],
      lastTraining: null,
    });
  });

  it('starts no other training while a submitted job has not been seen to end, unless forced', () => {
    // prepare: nothing promoted yet and a SageMaker job out since yesterday
    const submitted: StoredTrainingRun = {
      key: 'monitoring/retraining/runs/20240205T060000000Z-sagemaker.json',
      run: {
        ...run('2024-02-05T06:00:00.000Z', 'submitted').run,
        trainer: 'sagemaker',
        version: undefined,
        jobName: 'cf-train-20240205-060000',
      },
    };
    const waiting = inputs({ promoted: undefined, runs: [submitted], inFlight: [submitted] });
    // act
    const decision = decideRetraining(waiting, SETTINGS);
    const forced = decideRetraining({ ...waiting, force: true }, SETTINGS);
    // assert
    expect(decision).toMatchObject({ retrain: false, triggers: ['no-model'] });
    expect(decision.reasons[0]).toBe(
      'not starting another training: cf-train-20240205-060000 (submitted 2024-02-05T06:00:00.000Z) has not been seen to end yet',
    );
    expect(forced).toMatchObject({ retrain: true, triggers: ['forced', 'no-model'] });
  });

  it('does not retrain for want of a model while a trained version waits for promotion', () => {
    // act
    const decision = decideRetraining(
      inputs({ promoted: undefined, waitingCandidate: '20240205T070000Z-1a2b3c4d' }),
      SETTINGS,
    );
    // assert
    expect(decision).toMatchObject({ retrain: false, triggers: [], lastTraining: null });
    expect(decision.reasons).toEqual([
      'not due: no training on record; no degradation alert on 2024-02-05',
      'no model is promoted, but version 20240205T070000Z-1a2b3c4d waits for promotion',
    ]);
  });
});
