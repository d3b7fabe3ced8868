import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge, REASONS, wildcardResource } from './acknowledge';
import { BACKTEST_JOB_PREFIX } from './training-jobs';

/** Properties of the backtest runner. */
export interface BacktestJobsProps {
  readonly bucket: s3.IBucket;
  readonly image: ecrAssets.DockerImageAsset;
  /** The training jobs' execution role. */
  readonly role: iam.IRole;
  readonly instanceType: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Runs a walk-forward backtest as a SageMaker training job and waits for it: start an execution with the
 * backtest's flags as string values (`{"from": "2023-02-11", "model": "persistence,drift,lstm", "epochs":
 * "15"}`, the names of `npm run train -- backtest --help`). The job runs the train image with those
 * hyperparameters and `mode=backtest`, reads `processed/daily/` from the bucket (`STORE_URL`, like
 * `npm run train -- backtest --store s3://...`) and writes `backtests/{id}/` there. SageMaker's own archive of the (empty) model folder goes
 * under `backtests/_sagemaker/`.
 */
export class BacktestJobs extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: BacktestJobsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const prepare = new sfn.Pass(this, 'Prepare', {
      parameters: {
        'jobName.$': `States.Format('${BACKTEST_JOB_PREFIX}-{}', States.UUID())`,
        'flags.$': '$',
        fixed: { mode: 'backtest' },
      },
    });
    const run = new sfn.CustomState(this, 'Backtest', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${stack.partition}:states:::sagemaker:createTrainingJob.sync`,
        Parameters: {
          'TrainingJobName.$': '$.jobName',
          AlgorithmSpecification: { TrainingImage: props.image.imageUri, TrainingInputMode: 'File' },
          RoleArn: props.role.roleArn,
          'HyperParameters.$': 'States.JsonMerge($.flags, $.fixed, false)',
          OutputDataConfig: { S3OutputPath: props.bucket.s3UrlForObject('backtests/_sagemaker/') },
          ResourceConfig: { InstanceCount: 1, InstanceType: props.instanceType, VolumeSizeInGB: 30 },
          StoppingCondition: { MaxRuntimeInSeconds: 86_400 },
          Environment: { STORE_URL: props.bucket.s3UrlForObject() },
        },
      },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-backtest`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'A walk-forward backtest as a SageMaker training job; writes backtests/{id}/',
      definitionBody: sfn.DefinitionBody.fromChainable(prepare.next(run)),
      timeout: Duration.hours(25),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    const role = this.stateMachine.role;
    const jobs = stack.formatArn({
      service: 'sagemaker',
      resource: 'training-job',
      resourceName: `${BACKTEST_JOB_PREFIX}-*`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'sagemaker:CreateTrainingJob',
          'sagemaker:DescribeTrainingJob',
          'sagemaker:StopTrainingJob',
          'sagemaker:AddTags',
        ],
        resources: [jobs],
      }),
    );
    // A .sync SageMaker task follows the job through a rule Step Functions manages in the account.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [
          stack.formatArn({
            service: 'events',
            resource: 'rule',
            resourceName: 'StepFunctionsGetEventsForSageMakerTrainingJobsRule',
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
    props.role.grantPassRole(role);
    acknowledge(this.stateMachine, {
      [wildcardResource(this, '*')]: REASONS.stateMachineLogsAndTracing,
      [wildcardResource(this, jobs)]:
        `each backtest job gets a new name (${BACKTEST_JOB_PREFIX}-<uuid>); the grant covers only jobs with that prefix`,
    });
  }
}
