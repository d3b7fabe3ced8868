import { readPublishedVersion, findModelMetadata } from '@cf/model';
import type { Logger } from '@cf/service';
import { putJson, type ObjectStore } from '@cf/storage';
import { heldOutRatio } from '../promotion/model-catalog';
import type { SubmittedJobState, Trainer } from './trainer';
import { listTrainingRuns, type StoredTrainingRun, type TrainingRun } from './training-run';

/** What following submitted runs needs. */
export interface FollowDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly trainer: Trainer;
}

/**
 * The run records still `submitted` that `trainer` can follow: its own (SageMaker) runs with a job name.
 * A run submitted under another trainer setting stays as it is.
 */
export function followableRuns(
  runs: readonly StoredTrainingRun[],
  trainer: Pick<Trainer, 'name' | 'follow'>,
): StoredTrainingRun[] {
  if (trainer.follow === undefined) return [];
  return runs.filter(
    (r) => r.run.result === 'submitted' && r.run.trainer === trainer.name && (r.run.jobName ?? '') !== '',
  );
}

/**
 * Follows every `submitted` run to its end: asks the trainer where each job is and rewrites the run record
 * when it has ended. Completed: `succeeded` with the version the job published (the train image names it in
 * `models/{job}/published-version.json`) and that version's test ratio to persistence, so the promotion step
 * considers it like a local training's; a completed job that published no complete version is `failed`.
 * Failed or stopped: `failed` with SageMaker's reason. Still running: left `submitted`, nothing written.
 * Returns the rewritten runs. When asking about a job fails, the other runs are still followed and the
 * first such error is thrown at the end (the run stays `submitted` for the next cycle).
 */
export async function followTrainingRuns(deps: FollowDeps): Promise<StoredTrainingRun[]> {
  const { trainer } = deps;
  if (trainer.follow === undefined) return [];
  const pending = followableRuns(await listTrainingRuns(deps.store), trainer);
  const ended: StoredTrainingRun[] = [];
  let firstError: unknown;
  for (const { key, run } of pending) {
    const jobName = run.jobName ?? '';
    let state: SubmittedJobState;
    try {
      state = await trainer.follow(jobName);
    } catch (error) {
      firstError ??= error;
      continue;
    }
    if (state.state === 'running') {
      deps.logger.info({ jobName, status: state.status }, 'training job still running');
      continue;
    }
    const next = await endedRun(deps, run, jobName, state);
    await putJson(deps.store, key, next);
    if (next.result === 'succeeded') {
      deps.logger.info(
        { jobName, version: next.version, heldOutRatioToPersistence: next.heldOutRatioToPersistence },
        'training job succeeded: its version is a promotion candidate',
      );
    } else {
      deps.logger.error(
        { jobName, status: next.jobStatus, code: next.error?.code, reason: next.error?.message },
        'training job failed',
      );
    }
    ended.push({ key, run: next });
  }
  if (firstError !== undefined) throw firstError;
  return ended;
}

async function endedRun(
  deps: FollowDeps,
  run: TrainingRun,
  jobName: string,
  state: Exclude<SubmittedJobState, { state: 'running' }>,
): Promise<TrainingRun> {
  const finishedAt = state.endedAt ?? deps.clock().toISOString();
  const failed = (code: string, message: string): TrainingRun => ({
    ...run,
    result: 'failed',
    finishedAt,
    jobStatus: state.status,
    error: { code, message },
  });
  if (state.state === 'failed') {
    return failed('MONITOR_SAGEMAKER_FAILED', `SageMaker training job '${jobName}' ${state.reason}`);
  }
  const published = await readPublishedVersion(deps.store, jobName);
  if (published === undefined) {
    return failed(
      'MONITOR_MODEL_NOT_FOUND',
      `SageMaker training job '${jobName}' completed but published no model version: ` +
        `models/${jobName}/published-version.json is missing from ${deps.store.url} ` +
        '(the train image publishes only with STORE_URL in its environment and write access to models/)',
    );
  }
  const metadata = await findModelMetadata(deps.store, published.version);
  if (metadata === undefined) {
    return failed(
      'MONITOR_MODEL_NOT_FOUND',
      `SageMaker training job '${jobName}' published version '${published.version}', which has no complete metadata.json`,
    );
  }
  return {
    ...run,
    result: 'succeeded',
    finishedAt,
    jobStatus: state.status,
    version: published.version,
    heldOutRatioToPersistence: heldOutRatio(metadata),
  };
}
