import { Duration } from 'aws-cdk-lib';
import type * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REASONS } from './acknowledge';
import { sageMakerRole } from './sagemaker-role';
import { grantStore } from './store-access';

/** Name prefix of the training jobs the monitor starts (`SAGEMAKER_JOB_PREFIX`). */
export const TRAINING_JOB_PREFIX = 'cf-train';
/** Name prefix of the backtest jobs (not followed by the monitor). */
export const BACKTEST_JOB_PREFIX = 'cf-backtest';

/** Properties of the training setup. */
export interface TrainingJobsProps {
  readonly bucket: s3.Bucket;
  readonly image: ecrAssets.DockerImageAsset;
  /** Runs when a training job it started ends. */
  readonly monitor: lambda.IFunction;
}

/**
 * What SageMaker training and backtest jobs run as, and what happens when one ends:
 * - the execution role: read the `train` channel (`processed/`), read and write `models/` (the job publishes
 *   the version it trained, never overwriting one) and write `backtests/`, pull the train image, write the
 *   jobs' logs;
 * - an EventBridge rule on "SageMaker Training Job State Change" to Completed, Failed or Stopped for the
 *   monitor's jobs (`cf-train-*`) that invokes the monitor at once: its cycle follows the job (records the
 *   result) and considers the published version for promotion, instead of waiting for the next day.
 */
export class TrainingJobs extends Construct {
  readonly role: iam.Role;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: TrainingJobsProps) {
    super(scope, id);
    this.role = sageMakerRole(this, 'Role', {
      description: 'Execution role of the training and backtest jobs',
      image: props.image,
      logGroups: '/aws/sagemaker/TrainingJobs:*',
      logGroupsReason: REASONS.sagemakerLogStreams,
    });
    // models/: the job checks a version does not exist yet, then publishes it (and SageMaker's archive).
    grantStore(this.role, props.bucket, { read: ['processed/', 'models/'], put: ['models/', 'backtests/'] });

    this.rule = new events.Rule(this, 'JobEnded', {
      description: 'Runs the monitor when one of its training jobs ends, to record it and consider its model',
      eventPattern: {
        source: ['aws.sagemaker'],
        detailType: ['SageMaker Training Job State Change'],
        detail: {
          TrainingJobStatus: ['Completed', 'Failed', 'Stopped'],
          TrainingJobName: events.Match.prefix(`${TRAINING_JOB_PREFIX}-`),
        },
      },
      targets: [
        new eventTargets.LambdaFunction(props.monitor, { retryAttempts: 2, maxEventAge: Duration.hours(2) }),
      ],
    });
  }
}
