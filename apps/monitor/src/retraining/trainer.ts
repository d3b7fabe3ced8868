import type { TrainRequest } from '@cf/model';
import type { TrainerName } from './training-run';

/** What a trainer reports. */
export type TrainerOutcome =
  | { readonly result: 'succeeded'; readonly version: string; readonly testRatioToPersistence: number }
  | { readonly result: 'submitted'; readonly jobName: string; readonly jobArn: string };

/** Starts one training: in-process (`local`) or as a SageMaker training job. */
export interface Trainer {
  readonly name: TrainerName;
  /** Hyperparameters it passes, for the run record. */
  readonly request: TrainRequest;
  train(at: Date): Promise<TrainerOutcome>;
}
