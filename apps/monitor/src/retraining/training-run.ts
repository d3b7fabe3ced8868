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
  /** `submitted`: handed to SageMaker (the job itself is tracked there). */
  readonly result: 'running' | 'succeeded' | 'failed' | 'submitted';
  /** Hyperparameters passed to the trainer. */
  readonly request: Readonly<Record<string, unknown>>;
  /** Local: the version written (never promoted by training). */
  readonly version?: string;
  /** Local: the new version's test-split MAE ratio to persistence. */
  readonly testRatioToPersistence?: number;
  /** SageMaker: the training job. */
  readonly jobName?: string;
  readonly jobArn?: string;
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
