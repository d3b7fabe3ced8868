import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { BacktestJobs } from './constructs/backtest-jobs';
import { DailyPipeline } from './constructs/daily-pipeline';
import { InferenceEndpoint } from './constructs/inference-endpoint';
import { PlatformAlarms } from './constructs/platform-alarms';
import { PlatformImages } from './constructs/platform-images';
import { ServiceFunction } from './constructs/service-function';
import { grantStore } from './constructs/store-access';
import { acknowledge, wildcardResource } from './constructs/acknowledge';
import { StoreBucket } from './constructs/store-bucket';
import { TRAINING_JOB_PREFIX, TrainingJobs } from './constructs/training-jobs';
import type { PlatformSettings } from './settings';

/** Properties of the platform stack. */
export interface PlatformStackProps extends StackProps {
  readonly settings: PlatformSettings;
  /** The repository root: the Docker build context of every image. */
  readonly repoRoot: string;
}

/**
 * The whole platform in one stack: the store, the images, the four functions, the daily pipeline, training
 * and backtest jobs, the optional endpoint, the alerts topic and the alarms. Every role is granted only
 * what its service touches (see the README of apps/infra for the table).
 */
export class PlatformStack extends Stack {
  readonly storeUrl: string;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const logRetention = settings.logRetentionDays as logs.RetentionDays;
    const { bucket } = new StoreBucket(this, 'Store', {
      predictionsRetentionDays: settings.predictionsRetentionDays,
    });
    this.storeUrl = bucket.s3UrlForObject();
    const images = new PlatformImages(this, 'Images', props.repoRoot);
    const topic = new sns.Topic(this, 'Alerts', {
      displayName: `${this.stackName} alerts`,
      enforceSSL: true,
    });
    if (settings.alertEmail !== undefined)
      topic.addSubscription(new subscriptions.EmailSubscription(settings.alertEmail));
    const metricNamespace = `CryptoForecast/${this.stackName}`;
    const symbols = settings.symbols.join(',');

    const ingest = new ServiceFunction(this, 'Ingest', {
      code: images.ingest,
      description: 'Collects the last days of candles into raw/',
      memorySize: 512,
      timeout: Duration.minutes(5),
      logRetention,
      environment: {
        STORE_URL: this.storeUrl,
        INGEST_SOURCE: settings.source,
        INGEST_SYMBOLS: symbols,
        ...(settings.cryptoCompareSecret === undefined
          ? {}
          : { CRYPTOCOMPARE_API_KEY_SECRET: settings.cryptoCompareSecret }),
      },
    });
    grantStore(ingest.role, bucket, { read: ['raw/'], put: ['raw/'] });
    if (settings.cryptoCompareSecret !== undefined) {
      const secret = settings.cryptoCompareSecret.startsWith('arn:')
        ? secretsmanager.Secret.fromSecretCompleteArn(this, 'CryptoCompareKey', settings.cryptoCompareSecret)
        : secretsmanager.Secret.fromSecretNameV2(this, 'CryptoCompareKey', settings.cryptoCompareSecret);
      secret.grantRead(ingest.role);
    }

    const preprocess = new ServiceFunction(this, 'Preprocess', {
      code: images.preprocess,
      description: 'Rebuilds processed/ from raw/ (one run at a time)',
      memorySize: 1024,
      timeout: Duration.minutes(5),
      logRetention,
      // Runs at once are serialized by preprocess's lease in the bucket; one at a time also saves the
      // waiting invocations' time. The pipeline retries a throttled invocation.
      reservedConcurrentExecutions: 1,
      environment: { STORE_URL: this.storeUrl },
    });
    grantStore(preprocess.role, bucket, { read: ['raw/'], readWrite: ['processed/'] });

    const endpoint = settings.endpoint
      ? new InferenceEndpoint(this, 'Endpoint', {
          bucket,
          image: images.endpoint,
          instanceType: settings.endpointInstanceType,
          logRetention,
        })
      : undefined;
    const infer = new ServiceFunction(this, 'Infer', {
      code: images.infer,
      description: endpoint
        ? 'Publishes 7-day forecasts to predictions/ from the SageMaker endpoint'
        : 'Publishes 7-day forecasts to predictions/ from models/latest/',
      memorySize: 2048,
      timeout: Duration.minutes(5),
      logRetention,
      environment: {
        STORE_URL: this.storeUrl,
        INFER_SYMBOLS: symbols,
        ...(endpoint ? { INFER_ENDPOINT_NAME: endpoint.endpoint.attrEndpointName } : {}),
      },
    });
    grantStore(infer.role, bucket, {
      // The calibration state of the live recipe's ranges, kept by the monitor.
      read: ['processed/', 'models/', 'monitoring/calibration/'],
      readWrite: ['predictions/'],
    });
    if (endpoint) {
      infer.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['sagemaker:InvokeEndpoint'],
          // The Ref of an AWS::SageMaker::Endpoint is its ARN.
          resources: [endpoint.endpoint.ref],
        }),
      );
    }

    const monitor = new ServiceFunction(this, 'Monitor', {
      code: images.monitor,
      description: 'Scores forecasts, alerts, retrains on SageMaker, promotes, draws the dashboard',
      memorySize: 3008,
      timeout: Duration.minutes(15),
      logRetention,
      // One cycle at a time: the daily run and a training job's end may arrive together.
      reservedConcurrentExecutions: 1,
      environment: {
        STORE_URL: this.storeUrl,
        MONITOR_TRAINER: 'sagemaker',
        MONITOR_TRAIN_SYMBOLS: symbols,
        MONITOR_MAX_RATIO: String(settings.maxRatioToPersistence),
        SAGEMAKER_TRAINING_IMAGE: images.train.imageUri,
        SAGEMAKER_INSTANCE_TYPE: settings.trainingInstanceType,
        SAGEMAKER_JOB_PREFIX: TRAINING_JOB_PREFIX,
        MONITOR_ALERT_TOPIC_ARN: topic.topicArn,
        MONITOR_METRIC_NAMESPACE: metricNamespace,
        ...(settings.alertWebhookUrl === undefined
          ? {}
          : { MONITOR_ALERT_WEBHOOK_URL: settings.alertWebhookUrl }),
      },
    });
    // Promotion copies a version into models/latest/ (metadata.json removed first, written last).
    grantStore(monitor.role, bucket, {
      read: ['processed/', 'predictions/', 'models/'],
      readWrite: ['monitoring/', 'models/latest/'],
    });
    topic.grantPublish(monitor.role);
    const training = new TrainingJobs(this, 'Training', {
      bucket,
      image: images.train,
      monitor: monitor.function,
    });
    monitor.function.addEnvironment('SAGEMAKER_ROLE_ARN', training.role.roleArn);
    training.role.grantPassRole(monitor.role);
    const trainingJobs = this.formatArn({
      service: 'sagemaker',
      resource: 'training-job',
      resourceName: `${TRAINING_JOB_PREFIX}-*`,
    });
    // AddTags: CreateTrainingJob carries Tags, and SageMaker authorizes them as a separate action.
    monitor.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:AddTags'],
        resources: [trainingJobs],
      }),
    );
    acknowledge(monitor.role, {
      [wildcardResource(monitor.role, trainingJobs)]:
        `the monitor names each training job ${TRAINING_JOB_PREFIX}-{yyyymmdd}-{hhmmss} when it starts it; the grant covers only jobs with that prefix`,
    });

    const pipeline = new DailyPipeline(this, 'Daily', {
      ingest: ingest.function,
      preprocess: preprocess.function,
      infer: infer.function,
      monitor: monitor.function,
      alerts: topic,
      schedule: settings.schedule,
      logRetention,
    });
    const backtests = new BacktestJobs(this, 'Backtests', {
      bucket,
      image: images.train,
      role: training.role,
      instanceType: settings.trainingInstanceType,
      logRetention,
    });
    new PlatformAlarms(this, 'Alarms', {
      functions: {
        Ingest: ingest.function,
        Preprocess: preprocess.function,
        Infer: infer.function,
        Monitor: monitor.function,
      },
      stateMachines: {
        DailyPipeline: pipeline.stateMachine,
        Backtest: backtests.stateMachine,
        ...(endpoint ? { EndpointRefresh: endpoint.refresh } : {}),
      },
      topic,
      metricNamespace,
      maxRatioToPersistence: settings.maxRatioToPersistence,
    });

    new CfnOutput(this, 'StoreUrl', { value: this.storeUrl, description: 'STORE_URL of every service' });
    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'DailyPipelineArn', { value: pipeline.stateMachine.stateMachineArn });
    new CfnOutput(this, 'BacktestStateMachineArn', { value: backtests.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AlertsTopicArn', { value: topic.topicArn });
    new CfnOutput(this, 'IngestFunctionName', { value: ingest.function.functionName });
    new CfnOutput(this, 'MonitorFunctionName', { value: monitor.function.functionName });
    new CfnOutput(this, 'MonitorLogGroup', { value: monitor.logGroup.logGroupName });
    new CfnOutput(this, 'TrainingImageUri', { value: images.train.imageUri });
    if (endpoint) new CfnOutput(this, 'EndpointName', { value: endpoint.endpoint.attrEndpointName });
  }
}
