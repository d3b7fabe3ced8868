import type { IsoDay } from '@cf/ohlcv';
import { getJson, listAll, type ObjectStore } from '@cf/storage';
import { TRAINING_RUNS_PREFIX } from '../monitor-keys';

/** Which trainer ran (or was asked to run) a training. */
export type TrainerName = 'local' | 'sagemaker';

/**
 * `monitoring/retraining/runs/{stamp}-{trainer}.json`: one training run. Written as `running` before the
 * trainer starts and rewritten with the result, so a run that died midway stays visible.
 */
export interface TrainingRun {
  readonly schemaVersion: 1;
  readonly trainer: TrainerName;
  /** The evaluation day whose decision started it. */
  readonly day: IsoDay;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Why it ran, in words. */
  readonly reasons: readonly string[];
  /**
   * `submitted`: handed to SageMaker and not yet seen to end; later cycles follow the job and rewrite the
   * record `succeeded` (with the version it published) or `failed` (with SageMaker's reason).
   */
  readonly result: 'running' | 'succeeded' | 'failed' | 'submitted';
  /** Training parameters passed to the trainer (the one table's names). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The version written (never promoted by training); for SageMaker, the one the job published. */
  readonly version?: string;
  /** The new version's held-out ratio to persistence (its walk-forward evaluation). */
  readonly heldOutRatioToPersistence?: number | null;
  /** SageMaker: the training job. */
  readonly jobName?: string;
  readonly jobArn?: string;
  /** SageMaker: the job's final status (`Completed`, `Failed`, `Stopped`) once followed to its end. */
  readonly jobStatus?: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A run record and its key. */
export interface StoredTrainingRun {
  readonly key: string;
  readonly run: TrainingRun;
}

/** Every training run record, oldest first. */
export async function listTrainingRuns(store: ObjectStore): Promise<StoredTrainingRun[]> {
  const runs: StoredTrainingRun[] = [];
  for (const { key } of await listAll(store, TRAINING_RUNS_PREFIX)) {
    if (!key.endsWith('.json')) continue;
    const run = await getJson<TrainingRun>(store, key);
    if (run !== undefined) runs.push({ key, run });
  }
  return runs;
}
