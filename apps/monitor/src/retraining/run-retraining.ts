import { findPromotedMetadata } from '@cf/model';
import type { IsoDay } from '@cf/ohlcv';
import { describeError, type Logger } from '@cf/service';
import { alertsKey, getJson, putJson, putJsonIfChanged, type ObjectStore } from '@cf/storage';
import type { AlertsDocument } from '../alerts/run-alerts';
import { compactTimestamp, retrainingDecisionKey, trainingRunKey } from '../monitor-keys';
import { findCandidate } from '../cycle/find-candidate';
import { decideRetraining, type RetrainDecision, type RetrainSettings } from './decide-retraining';
import { followableRuns } from './follow-training-runs';
import type { Trainer } from './trainer';
import { listTrainingRuns, type TrainingRun } from './training-run';

/** What the retraining step needs. */
export interface RetrainingDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly retrain: RetrainSettings;
  readonly trainer: Trainer;
}

/** The decision, and the run it started (if any). */
export interface RetrainingOutcome {
  readonly decision: RetrainDecision;
  readonly run: { readonly key: string; readonly run: TrainingRun } | null;
}

/**
 * Decides whether to retrain for `day` (schedule, degradation alerts of `day`, `force`, submitted jobs still
 * out, a version waiting for promotion), records the decision either way, and when it says so runs the
 * trainer, recording the run before (`running`) and after (`succeeded`, `submitted` or `failed`). A failed
 * training is recorded, logged once and rethrown. Submitted jobs are followed by `followTrainingRuns`.
 */
export async function runRetraining(
  deps: RetrainingDeps,
  request: { readonly day: IsoDay; readonly force?: boolean },
): Promise<RetrainingOutcome> {
  const alerts = await getJson<AlertsDocument>(deps.store, alertsKey(request.day));
  const runs = await listTrainingRuns(deps.store);
  const promoted = await findPromotedMetadata(deps.store);
  const waitingCandidate = promoted === undefined ? (await findCandidate(deps.store))?.version : undefined;
  const decision = decideRetraining(
    {
      day: request.day,
      now: deps.clock(),
      force: request.force ?? false,
      runs,
      promoted,
      alerts: alerts?.alerts ?? [],
      inFlight: followableRuns(runs, deps.trainer),
      ...(waitingCandidate === undefined ? {} : { waitingCandidate }),
    },
    deps.retrain,
  );
  await putJsonIfChanged(deps.store, retrainingDecisionKey(request.day), decision);
  deps.logger.info(
    { day: request.day, retrain: decision.retrain, triggers: decision.triggers, reasons: decision.reasons },
    'retraining decided',
  );
  if (!decision.retrain) return { decision, run: null };

  const started = deps.clock();
  const key = trainingRunKey(compactTimestamp(started), deps.trainer.name);
  const running: TrainingRun = {
    schemaVersion: 1,
    trainer: deps.trainer.name,
    day: request.day,
    startedAt: started.toISOString(),
    finishedAt: null,
    reasons: decision.reasons,
    result: 'running',
    parameters: { ...deps.trainer.parameters },
  };
  await putJson(deps.store, key, running);
  try {
    const outcome = await deps.trainer.train(started);
    const run: TrainingRun = { ...running, ...outcome, finishedAt: deps.clock().toISOString() };
    await putJson(deps.store, key, run);
    deps.logger.info(
      { trainer: run.trainer, result: run.result, version: run.version, jobName: run.jobName },
      'training run recorded',
    );
    return { decision, run: { key, run } };
  } catch (error) {
    const { code, message } = describeError(error);
    await putJson(deps.store, key, {
      ...running,
      result: 'failed',
      finishedAt: deps.clock().toISOString(),
      error: { code, message },
    });
    throw error;
  }
}
