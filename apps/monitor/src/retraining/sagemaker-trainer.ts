import {
  CreateTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  type SageMakerClient,
  type TrainingInstanceType,
} from '@aws-sdk/client-sagemaker';
import type { TrainRequest } from '@cf/model';
import { describeError } from '@cf/service';
import { MonitorError } from '../errors';
import type { Trainer } from './trainer';

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
}

/**
 * Asks SageMaker to run the train image (`CreateTrainingJob`): the `train` channel is the store's
 * `processed/daily/` prefix (S3Prefix, FullyReplicated), the output path its `models/` prefix, and the
 * hyperparameters the train app's hyperparameters.json keys, every value a string. The job runs on its
 * own; the result is `submitted` with the job's name and ARN.
 */
export function sageMakerTrainer(
  client: SageMakerClient,
  settings: SageMakerTrainingSettings,
  request: TrainRequest,
): Trainer {
  return {
    name: 'sagemaker',
    request,
    async train(at) {
      const input = createTrainingJobInput(settings, request, at);
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
  };
}

/** The CreateTrainingJob request for a training started at `at`. */
export function createTrainingJobInput(
  settings: SageMakerTrainingSettings,
  request: TrainRequest,
  at: Date,
): CreateTrainingJobCommandInput {
  const root = `s3://${settings.bucket}/${settings.storePrefix === '' ? '' : `${settings.storePrefix}/`}`;
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return {
    TrainingJobName: `${settings.jobNamePrefix}-${stamp}`,
    RoleArn: settings.roleArn,
    AlgorithmSpecification: { TrainingImage: settings.trainingImage, TrainingInputMode: 'File' },
    HyperParameters: hyperparameterStrings(request),
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
    Tags: [{ Key: 'service', Value: 'crypto-forecast-monitor' }],
  };
}

// The train app's hyperparameters.json keys (apps/train README), every value a string as SageMaker requires.
const KEYS: Readonly<Record<string, string>> = {
  symbols: 'symbols',
  featureSet: 'features',
  architecture: 'architecture',
  window: 'window',
  horizon: 'horizon',
  epochs: 'epochs',
  batchSize: 'batch-size',
  learningRate: 'learning-rate',
  patience: 'patience',
  seed: 'seed',
  trainFraction: 'train-fraction',
  validationFraction: 'validation-fraction',
  units: 'units',
  fitPath: 'fit-path',
};

/** A train request as SageMaker hyperparameters: the train app's key names, lists comma-joined, all strings. */
export function hyperparameterStrings(request: TrainRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(request)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const key = KEYS[field];
    if (key === undefined)
      throw new MonitorError(
        'MONITOR_SAGEMAKER_CONFIG',
        'input',
        `no SageMaker hyperparameter for '${field}'`,
      );
    out[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}
