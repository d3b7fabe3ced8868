import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  type DescribeTrainingJobCommandOutput,
  type SageMakerClient,
  type TrainingInstanceType,
} from '@aws-sdk/client-sagemaker';
import { formatSageMakerHyperparameters, type TrainingParameters } from '@cf/forecasting';
import { describeError } from '@cf/service';
import { MonitorError } from '../errors';
import type { SubmittedJobState, Trainer } from './trainer';

/** Where and how SageMaker trains (the SAGEMAKER_* variables). */
export interface SageMakerTrainingSettings {
  readonly roleArn: string;
  readonly trainingImage: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly volumeSizeGb: number;
  readonly maxRuntimeSeconds: number;
  /** Job names are `{prefix}-{yyyymmdd}-{hhmmss}`. */
  readonly jobNamePrefix: string;
  /** The store's bucket and key prefix (from STORE_URL `s3://bucket/prefix`). */
  readonly bucket: string;
  readonly storePrefix: string;
  /** The monitor's STORE_URL, passed to the job so the train image publishes the version there. */
  readonly storeUrl: string;
  /** S3_FORCE_PATH_STYLE, passed on to the job when set. */
  readonly s3ForcePathStyle: boolean;
}

/**
 * Asks SageMaker to run the train image (`CreateTrainingJob`): the `train` channel is the store's
 * `processed/daily/` prefix (S3Prefix, FullyReplicated), the output path its `models/` prefix, and the
 * hyperparameters the one parameter table's SageMaker names (`batch-size`), every value a string. The job's environment
 * carries STORE_URL and TRAINING_RUN_ID (the job name), so the train image publishes the version to
 * `models/{version}/` and names it in `models/{job}/published-version.json`. The result is `submitted`;
 * `follow` asks `DescribeTrainingJob` where the job is.
 */
export function sageMakerTrainer(
  client: SageMakerClient,
  settings: SageMakerTrainingSettings,
  parameters: TrainingParameters,
): Trainer {
  return {
    name: 'sagemaker',
    parameters,
    async train(at) {
      const input = createTrainingJobInput(settings, parameters, at);
      const jobName = input.TrainingJobName ?? '';
      try {
        const output = await client.send(new CreateTrainingJobCommand(input));
        return { result: 'submitted', jobName, jobArn: output.TrainingJobArn ?? '' };
      } catch (error) {
        throw new MonitorError(
          'MONITOR_SAGEMAKER_FAILED',
          'unavailable',
          `CreateTrainingJob '${jobName}' failed: ${describeError(error).message}`,
          { cause: error },
        );
      }
    },
    async follow(jobName) {
      let output: DescribeTrainingJobCommandOutput;
      try {
        output = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));
      } catch (error) {
        // The job is gone (deleted, or another account or region): nothing will ever come of it.
        if (isUnknownJob(error)) {
          return {
            state: 'failed',
            status: 'NotFound',
            reason:
              `SageMaker has no training job '${jobName}' (deleted, or created in another account or region), ` +
              `so it will never finish (${String((error as Error).name)}: ${describeError(error).message})`,
            endedAt: null,
          };
        }
        throw new MonitorError(
          'MONITOR_SAGEMAKER_FAILED',
          'unavailable',
          `DescribeTrainingJob '${jobName}' failed: ${describeError(error).message}`,
          { cause: error },
        );
      }
      return jobState(output);
    },
  };
}

/**
 * Whether DescribeTrainingJob failed because SageMaker has no such job. SageMaker answers that with
 * `ValidationException` "Requested resource not found." (HTTP 400), not with the `ResourceNotFound` its API
 * model declares (aws/aws-sdk#165); both are accepted. Other validation errors (a malformed name) are not
 * "gone": they stay failures to ask.
 */
export function isUnknownJob(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'ResourceNotFound') return true;
  return (
    name === 'ValidationException' &&
    typeof message === 'string' &&
    /requested resource not found/i.test(message)
  );
}

/** SageMaker's description of a job as a {@link SubmittedJobState}. */
export function jobState(output: DescribeTrainingJobCommandOutput): SubmittedJobState {
  const status = output.TrainingJobStatus ?? 'Unknown';
  const endedAt = output.TrainingEndTime?.toISOString() ?? null;
  if (status === 'Completed') return { state: 'completed', status, endedAt };
  if (status === 'Failed' || status === 'Stopped') {
    const secondary = output.SecondaryStatus === undefined ? '' : ` (${output.SecondaryStatus})`;
    const reason =
      output.FailureReason ??
      (status === 'Stopped'
        ? 'stopped by StopTrainingJob or its stopping condition'
        : 'no FailureReason given');
    return { state: 'failed', status, reason: `${status}${secondary}: ${reason}`, endedAt };
  }
  return { state: 'running', status };
}

/** The CreateTrainingJob request for a training started at `at`. */
export function createTrainingJobInput(
  settings: SageMakerTrainingSettings,
  parameters: TrainingParameters,
  at: Date,
): CreateTrainingJobCommandInput {
  const root = `s3://${settings.bucket}/${settings.storePrefix === '' ? '' : `${settings.storePrefix}/`}`;
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const jobName = `${settings.jobNamePrefix}-${stamp}`;
  return {
    TrainingJobName: jobName,
    RoleArn: settings.roleArn,
    AlgorithmSpecification: { TrainingImage: settings.trainingImage, TrainingInputMode: 'File' },
    HyperParameters: formatSageMakerHyperparameters(parameters),
    InputDataConfig: [
      {
        ChannelName: 'train',
        ContentType: 'text/csv',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: `${root}processed/daily/`,
            S3DataDistributionType: 'FullyReplicated',
          },
        },
      },
    ],
    OutputDataConfig: { S3OutputPath: `${root}models/` },
    ResourceConfig: {
      InstanceType: settings.instanceType as TrainingInstanceType,
      InstanceCount: settings.instanceCount,
      VolumeSizeInGB: settings.volumeSizeGb,
    },
    StoppingCondition: { MaxRuntimeInSeconds: settings.maxRuntimeSeconds },
    Environment: {
      STORE_URL: settings.storeUrl,
      TRAINING_RUN_ID: jobName,
      ...(settings.s3ForcePathStyle ? { S3_FORCE_PATH_STYLE: 'true' } : {}),
    },
    Tags: [{ Key: 'service', Value: 'crypto-forecast-monitor' }],
  };
}
