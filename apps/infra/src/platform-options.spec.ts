import { Match } from 'aws-cdk-lib/assertions';
import {
  logicalIdOf,
  resourcesOf,
  roleStatements,
  stateMachineDefinition,
  synthPlatform,
  type SynthesizedPlatform,
} from './testing/synth-platform';

// Every option set at once, as `npm run deploy -- -c endpoint=true -c alertEmail=... ...` would.
let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthPlatform({
    stackName: 'Forecasts',
    region: 'eu-west-1',
    symbols: 'btc,eth',
    source: 'binance',
    endpoint: 'true',
    endpointInstanceType: 'ml.c5.large',
    trainingInstanceType: 'ml.m5.2xlarge',
    alertEmail: 'ops@example.com',
    alertWebhookUrl: 'https://hooks.example.com/services/T000/B000/XXXX',
    maxRatio: '1.1',
    predictionsRetentionDays: '730',
    logRetentionDays: '90',
    cryptoCompareSecret: 'crypto-forecast/cryptocompare',
  });
}, 120_000);

describe('the platform stack with every option', () => {
  it('is named and placed by the context', () => {
    expect(platform.stack.stackName).toBe('Forecasts');
    expect(platform.stack.region).toBe('eu-west-1');
  });

  it('passes assets, source, webhook, secret and limits to the services', () => {
    const env = (prefix: string) =>
      (
        resourcesOf(platform.template, 'AWS::Lambda::Function')[
          logicalIdOf(platform.template, 'AWS::Lambda::Function', prefix)
        ].Properties['Environment'] as { Variables: Record<string, unknown> }
      ).Variables;

    expect(env('IngestFunction')).toMatchObject({
      INGEST_SOURCE: 'binance',
      INGEST_SYMBOLS: 'BTC,ETH',
      CRYPTOCOMPARE_API_KEY_SECRET: 'crypto-forecast/cryptocompare',
    });
    expect(env('MonitorFunction')).toMatchObject({
      MONITOR_TRAIN_SYMBOLS: 'BTC,ETH',
      MONITOR_MAX_RATIO: '1.1',
      MONITOR_ALERT_WEBHOOK_URL: 'https://hooks.example.com/services/T000/B000/XXXX',
      MONITOR_METRIC_NAMESPACE: 'CryptoForecast/Forecasts',
      SAGEMAKER_INSTANCE_TYPE: 'ml.m5.2xlarge',
    });
    platform.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CryptoForecast/Forecasts',
      MetricName: 'RollingMaeRatioToPersistence30d',
      Threshold: 1.1,
    });
    platform.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    platform.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'predictions/dt=', ExpirationInDays: 730 })]),
      },
    });
  });

  it('lets only the ingest role read the CryptoCompare secret', () => {
    const secret =
      'arn:<AWS::Partition>:secretsmanager:eu-west-1:<AWS::AccountId>:secret:crypto-forecast/cryptocompare-??????';
    const readers = ['IngestRole', 'PreprocessRole', 'InferRole', 'MonitorRole', 'TrainingRole'].filter(
      (role) => roleStatements(platform.template, role).some((s) => s.resources.includes(secret)),
    );

    expect(readers).toEqual(['IngestRole']);
    expect(roleStatements(platform.template, 'IngestRole')).toContainEqual({
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      resources: [secret],
    });
  });

  it('subscribes the alert e-mail address to the topic', () => {
    platform.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: logicalIdOf(platform.template, 'AWS::SNS::Topic', 'Alerts') },
    });
  });

  it('serves models/latest/ from a SageMaker endpoint, uncompressed, which infer calls', () => {
    const bucket = logicalIdOf(platform.template, 'AWS::S3::Bucket', 'StoreBucket');
    const endpoint = logicalIdOf(platform.template, 'AWS::SageMaker::Endpoint', 'Endpoint');
    const model = logicalIdOf(platform.template, 'AWS::SageMaker::Model', 'EndpointModel');

    platform.template.hasResourceProperties('AWS::SageMaker::Model', {
      ExecutionRoleArn: {
        'Fn::GetAtt': [logicalIdOf(platform.template, 'AWS::IAM::Role', 'EndpointRole'), 'Arn'],
      },
      PrimaryContainer: {
        ModelDataSource: {
          S3DataSource: {
            S3Uri: { 'Fn::Join': ['', ['s3://', { Ref: bucket }, '/models/latest/']] },
            S3DataType: 'S3Prefix',
            CompressionType: 'None',
          },
        },
        Environment: { MODEL_DIR: '/opt/ml/model' },
      },
    });
    platform.template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        {
          ModelName: { 'Fn::GetAtt': [model, 'ModelName'] },
          VariantName: 'primary',
          InstanceType: 'ml.c5.large',
          InitialInstanceCount: 1,
          InitialVariantWeight: 1,
        },
      ],
    });
    platform.template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: 'forecasts-infer' });
    const infer = resourcesOf(platform.template, 'AWS::Lambda::Function')[
      logicalIdOf(platform.template, 'AWS::Lambda::Function', 'InferFunction')
    ];
    expect(infer.Properties['Environment']).toMatchObject({
      Variables: { INFER_ENDPOINT_NAME: { 'Fn::GetAtt': [endpoint, 'EndpointName'] } },
    });
    expect(roleStatements(platform.template, 'InferRole')).toContainEqual({
      actions: ['sagemaker:InvokeEndpoint'],
      resources: [`<${endpoint}>`],
    });
    expect(roleStatements(platform.template, 'EndpointRole')).toContainEqual({
      actions: ['s3:GetBucket*', 's3:GetObject*', 's3:List*'],
      resources: [`<${bucket}.Arn>`, `<${bucket}.Arn>/models/latest/*`],
    });
  });

  it('refreshes the endpoint when a promotion completes models/latest/ (a new configuration, then an update)', () => {
    const bucket = logicalIdOf(platform.template, 'AWS::S3::Bucket', 'StoreBucket');
    const refresh = stateMachineDefinition(platform.template, 'EndpointRefresh');
    const machine = logicalIdOf(platform.template, 'AWS::StepFunctions::StateMachine', 'EndpointRefresh');

    platform.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [{ Ref: bucket }] }, object: { key: ['models/latest/metadata.json'] } },
      },
      Targets: [Match.objectLike({ Arn: { Ref: machine } })],
    });
    expect(refresh.StartAt).toBe('Name the configuration');
    expect(refresh.States['Name the configuration']).toMatchObject({
      Type: 'Pass',
      Parameters: { 'configName.$': "States.Format('cf-infer-{}', States.UUID())" },
      Next: 'Create configuration',
    });
    expect(refresh.States['Create configuration']).toMatchObject({
      Resource: 'arn:<AWS::Partition>:states:::sagemaker:createEndpointConfig',
      Parameters: {
        'EndpointConfigName.$': '$.configName',
        ProductionVariants: [
          expect.objectContaining({ InstanceType: 'ml.c5.large', VariantName: 'primary' }),
        ],
      },
      Next: 'Update endpoint',
    });
    expect(refresh.States['Update endpoint']).toMatchObject({
      Resource: 'arn:<AWS::Partition>:states:::sagemaker:updateEndpoint',
      Parameters: { EndpointName: 'forecasts-infer', 'EndpointConfigName.$': '$.configName' },
      Retry: [
        expect.objectContaining({ ErrorEquals: ['SageMaker.AmazonSageMakerException'], MaxAttempts: 12 }),
      ],
      End: true,
    });
    expect(roleStatements(platform.template, 'EndpointRefreshRole')).toContainEqual({
      actions: ['sagemaker:updateEndpoint'],
      resources: [
        'arn:<AWS::Partition>:sagemaker:eu-west-1:<AWS::AccountId>:endpoint-config/*',
        'arn:<AWS::Partition>:sagemaker:eu-west-1:<AWS::AccountId>:endpoint/forecasts-infer',
      ],
    });
  });

  it('runs a backtest as a SageMaker training job of the train image in backtest mode, writing to the bucket', () => {
    const bucket = logicalIdOf(platform.template, 'AWS::S3::Bucket', 'StoreBucket');
    const backtest = stateMachineDefinition(platform.template, 'BacktestsStateMachine');

    expect(backtest.States['Prepare']).toMatchObject({
      Type: 'Pass',
      Parameters: {
        'jobName.$': "States.Format('cf-backtest-{}', States.UUID())",
        'flags.$': '$',
        fixed: { mode: 'backtest' },
      },
      Next: 'Backtest',
    });
    expect(backtest.States['Backtest']).toMatchObject({
      Type: 'Task',
      Resource: 'arn:<AWS::Partition>:states:::sagemaker:createTrainingJob.sync',
      Parameters: {
        'TrainingJobName.$': '$.jobName',
        RoleArn: `<${logicalIdOf(platform.template, 'AWS::IAM::Role', 'TrainingRole')}.Arn>`,
        'HyperParameters.$': 'States.JsonMerge($.flags, $.fixed, false)',
        ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.2xlarge' },
        Environment: { STORE_URL: `s3://<${bucket}>` },
        OutputDataConfig: { S3OutputPath: `s3://<${bucket}>/backtests/_sagemaker/` },
      },
    });
    expect(backtest.States['Backtest']['Parameters']).not.toHaveProperty('InputDataConfig');
  });
});
