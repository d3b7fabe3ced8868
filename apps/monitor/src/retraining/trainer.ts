import type { TrainingParameters } from '@cf/forecasting';
import type { TrainerName } from './training-run';

/** What a trainer reports. */
export type TrainerOutcome =
  | {
      readonly result: 'succeeded';
      readonly version: string;
      readonly heldOutRatioToPersistence: number | null;
    }
  | { readonly result: 'submitted'; readonly jobName: string; readonly jobArn: string };

/** Where a submitted training job is, as its platform says. */
export type SubmittedJobState =
  /** Still running (or stopping); `status` is the platform's word for it. */
  | { readonly state: 'running'; readonly status: string }
  | { readonly state: 'completed'; readonly status: string; readonly endedAt: string | null }
  | {
      readonly state: 'failed';
      readonly status: string;
      readonly reason: string;
      readonly endedAt: string | null;
    };

/** Starts one training: in-process (`local`) or as a SageMaker training job. */
export interface Trainer {
  readonly name: TrainerName;
  /** The training parameters it passes (the one table's), for the run record. */
  readonly parameters: TrainingParameters;
  train(at: Date): Promise<TrainerOutcome>;
  /** Asks where a job it submitted is (trainers whose runs end `submitted`). */
  follow?(jobName: string): Promise<SubmittedJobState>;
}
