import { Match } from 'aws-cdk-lib/assertions';
import {
  logicalIdOf,
  resourcesOf,
  roleStatements,
  synthPlatform,
  type StatementText,
  type SynthesizedPlatform,
} from './testing/synth-platform';

// The default deployment (`npm run deploy` with no context), synthesized offline once for these tests.
let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthPlatform();
}, 120_000);

const READ = ['s3:GetBucket*', 's3:GetObject*', 's3:List*'];
const PUT = [
  's3:Abort*',
  's3:PutObject',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
];
const READ_WRITE = [...READ, ...PUT, 's3:DeleteObject*'].sort();

describe('the platform stack (defaults)', () => {
  it('creates exactly these resources', () => {
    // prepare
    const counts: Record<string, number> = {};
    for (const resource of Object.values(
      platform.template.toJSON().Resources as Record<string, { Type: string }>,
    ))
      counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    // assert
    expect(counts).toEqual({
      'AWS::S3::Bucket': 2, // the store and its access logs
      'AWS::S3::BucketPolicy': 2, // TLS only; the log bucket also admits S3's log delivery
      'AWS::SNS::Topic': 1,
      'AWS::SNS::TopicPolicy': 1, // TLS only
      'AWS::IAM::Role': 8, // 4 functions, training jobs, 2 state machines, the scheduler
      'AWS::IAM::Policy': 8,
      'AWS::Logs::LogGroup': 6, // 4 functions, 2 state machines
      'AWS::Lambda::Function': 4,
      'AWS::Lambda::Permission': 1, // EventBridge may invoke the monitor
      'AWS::StepFunctions::StateMachine': 2, // daily pipeline, backtests
      'AWS::Scheduler::Schedule': 1,
      'AWS::Events::Rule': 1, // training job ended
      'AWS::CloudWatch::Alarm': 9, // 4 functions, 2 x 2 state machines, the model's ratio
    });
  });

  it('keeps the store encrypted, versioned, private, TLS-only, logged, with lifecycle rules for raw/ and predictions/', () => {
    const store = logicalIdOf(platform.template, 'AWS::S3::Bucket', 'StoreBucket');
    const bucket = resourcesOf(platform.template, 'AWS::S3::Bucket')[store];

    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'store/' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    const rules = (bucket.Properties['LifecycleConfiguration'] as { Rules: Record<string, unknown>[] }).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Id: 'expire-old-versions',
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        }),
        expect.objectContaining({
          Id: 'raw-to-glacier-ir',
          Prefix: 'raw/',
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
        }),
        expect.objectContaining({
          Id: 'expire-dated-predictions',
          Prefix: 'predictions/dt=',
          ExpirationInDays: 400,
        }),
      ]),
    );
    expect(rules.find((r) => r['Prefix'] === 'raw/')).not.toHaveProperty('ExpirationInDays');
    platform.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    platform.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: store },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('runs each service as a linux/amd64 container image function with its memory, timeout and settings', () => {
    const functions = resourcesOf(platform.template, 'AWS::Lambda::Function');
    const byName = (prefix: string) =>
      functions[logicalIdOf(platform.template, 'AWS::Lambda::Function', prefix)].Properties;
    const storeUrl = {
      'Fn::Join': ['', ['s3://', { Ref: logicalIdOf(platform.template, 'AWS::S3::Bucket', 'StoreBucket') }]],
    };

    for (const prefix of ['IngestFunction', 'PreprocessFunction', 'InferFunction', 'MonitorFunction']) {
      expect(byName(prefix)).toMatchObject({ PackageType: 'Image', Architectures: ['x86_64'] });
      expect(byName(prefix)['Code']).toEqual({ ImageUri: expect.anything() });
    }
    expect(byName('IngestFunction')).toMatchObject({
      MemorySize: 512,
      Timeout: 300,
      Environment: {
        Variables: {
          STORE_URL: storeUrl,
          INGEST_SOURCE: 'cryptocompare',
          INGEST_SYMBOLS: 'BTC,ETH,BNB,XRP,SOL',
        },
      },
    });
    expect(byName('PreprocessFunction')).toMatchObject({
      MemorySize: 1024,
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: { STORE_URL: storeUrl } },
    });
    expect(byName('InferFunction')).toMatchObject({
      MemorySize: 2048,
      Timeout: 300,
      Environment: { Variables: { STORE_URL: storeUrl, INFER_SYMBOLS: 'BTC,ETH,BNB,XRP,SOL' } },
    });
    expect(byName('InferFunction')['Environment']).not.toHaveProperty('Variables.INFER_ENDPOINT_NAME');
    expect(byName('MonitorFunction')).toMatchObject({
      MemorySize: 3008,
      Timeout: 900,
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: {
          STORE_URL: storeUrl,
          MONITOR_TRAINER: 'sagemaker',
          MONITOR_TRAIN_SYMBOLS: 'BTC,ETH,BNB,XRP,SOL',
          MONITOR_MAX_RATIO: '1.05',
          SAGEMAKER_ROLE_ARN: {
            'Fn::GetAtt': [logicalIdOf(platform.template, 'AWS::IAM::Role', 'TrainingRole'), 'Arn'],
          },
          SAGEMAKER_TRAINING_IMAGE: expect.anything(),
          SAGEMAKER_INSTANCE_TYPE: 'ml.m5.xlarge',
          SAGEMAKER_JOB_PREFIX: 'cf-train',
          MONITOR_ALERT_TOPIC_ARN: { Ref: logicalIdOf(platform.template, 'AWS::SNS::Topic', 'Alerts') },
          MONITOR_METRIC_NAMESPACE: 'CryptoForecast/CryptoForecast',
        },
      },
    });
    expect(byName('MonitorFunction')['Environment']).not.toHaveProperty(
      'Variables.MONITOR_ALERT_WEBHOOK_URL',
    );
    expect(byName('IngestFunction')['Environment']).not.toHaveProperty(
      'Variables.CRYPTOCOMPARE_API_KEY_SECRET',
    );
  });

  it('gives every function and state machine its own log group, kept 30 days and deleted with the stack', () => {
    const groups = resourcesOf(platform.template, 'AWS::Logs::LogGroup');
    const functions = Object.values(resourcesOf(platform.template, 'AWS::Lambda::Function'));

    for (const group of Object.values(groups)) expect(group.Properties['RetentionInDays']).toBe(30);
    platform.template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    const used = functions.map(
      (f) => (f.Properties['LoggingConfig'] as { LogGroup: { Ref: string } }).LogGroup.Ref,
    );
    expect(new Set(used).size).toBe(4);
    for (const id of used) expect(Object.keys(groups)).toContain(id);
  });

  describe('grants each role only what its service touches', () => {
    const bucket = () => `<${logicalIdOf(platform.template, 'AWS::S3::Bucket', 'StoreBucket')}.Arn>`;
    const statements = (rolePrefix: string): StatementText[] =>
      roleStatements(platform.template, rolePrefix).sort((a, b) =>
        a.actions.join().localeCompare(b.actions.join()),
      );
    const logs = (group: string): StatementText => ({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`<${logicalIdOf(platform.template, 'AWS::Logs::LogGroup', group)}.Arn>`],
    });
    const objects = (actions: string[], ...prefixes: string[]): StatementText => ({
      actions: [...actions].sort(),
      resources: [
        ...(actions.includes('s3:List*') ? [bucket()] : []),
        ...prefixes.map((p) => `${bucket()}/${p}*`),
      ].sort(),
    });
    const sorted = (list: StatementText[]) =>
      [...list].sort((a, b) => a.actions.join().localeCompare(b.actions.join()));

    it('ingest: its log group; read and put raw/', () => {
      expect(statements('IngestRole')).toEqual(
        sorted([logs('IngestLogs'), objects(READ, 'raw/'), objects(PUT, 'raw/')]),
      );
    });

    it('preprocess: its log group; read raw/; read, write and delete processed/', () => {
      expect(statements('PreprocessRole')).toEqual(
        sorted([logs('PreprocessLogs'), objects(READ, 'raw/'), objects(READ_WRITE, 'processed/')]),
      );
    });

    it('infer: its log group; read processed/, models/ and the calibration state; read, write and delete predictions/', () => {
      expect(statements('InferRole')).toEqual(
        sorted([
          logs('InferLogs'),
          objects(READ, 'models/', 'monitoring/calibration/', 'processed/'),
          objects(READ_WRITE, 'predictions/'),
        ]),
      );
    });

    it('monitor: its log group; the store it scores and promotes in; its training jobs; the alerts topic', () => {
      const trainingRole = logicalIdOf(platform.template, 'AWS::IAM::Role', 'TrainingRole');
      expect(statements('MonitorRole')).toEqual(
        sorted([
          logs('MonitorLogs'),
          objects(READ, 'models/', 'predictions/', 'processed/'),
          objects(READ_WRITE, 'models/latest/', 'monitoring/'),
          {
            actions: ['sns:Publish'],
            resources: [`<${logicalIdOf(platform.template, 'AWS::SNS::Topic', 'Alerts')}>`],
          },
          { actions: ['iam:PassRole'], resources: [`<${trainingRole}.Arn>`] },
          {
            actions: ['sagemaker:AddTags', 'sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob'],
            resources: [
              'arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:training-job/cf-train-*',
            ],
          },
        ]),
      );
    });

    it('training jobs: read processed/ and models/, put models/ and backtests/, pull the image, write their logs', () => {
      const repository =
        'arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/cdk-hnb659fds-container-assets-<AWS::AccountId>-<AWS::Region>';
      expect(statements('TrainingRole')).toEqual(
        sorted([
          objects(READ, 'models/', 'processed/'),
          objects(PUT, 'backtests/', 'models/'),
          {
            actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            resources: [repository],
          },
          { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
          {
            actions: [
              'logs:CreateLogGroup',
              'logs:CreateLogStream',
              'logs:DescribeLogStreams',
              'logs:PutLogEvents',
            ],
            resources: [
              'arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/TrainingJobs:*',
            ],
          },
        ]),
      );
      platform.template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })],
        },
        ManagedPolicyArns: Match.absent(),
      });
    });

    it('no role has an AWS-managed policy', () => {
      for (const role of Object.values(resourcesOf(platform.template, 'AWS::IAM::Role')))
        expect(role.Properties['ManagedPolicyArns']).toBeUndefined();
    });
  });

  it('runs the monitor as soon as one of its training jobs ends (completed, failed or stopped)', () => {
    const monitor = logicalIdOf(platform.template, 'AWS::Lambda::Function', 'MonitorFunction');
    platform.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.sagemaker'],
        'detail-type': ['SageMaker Training Job State Change'],
        detail: {
          TrainingJobStatus: ['Completed', 'Failed', 'Stopped'],
          TrainingJobName: [{ prefix: 'cf-train-' }],
        },
      },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [monitor, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
    platform.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [monitor, 'Arn'] },
      Principal: 'events.amazonaws.com',
    });
  });

  it('raises alarms to the alerts topic: function errors, failed or timed-out executions, the live model worse than persistence', () => {
    const topic = { Ref: logicalIdOf(platform.template, 'AWS::SNS::Topic', 'Alerts') };
    const alarms = Object.values(resourcesOf(platform.template, 'AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );

    for (const alarm of alarms) expect(alarm['AlarmActions']).toEqual([topic]);
    const metrics = alarms.map((a) => `${a['Namespace']}/${a['MetricName']}`).sort();
    expect(metrics).toEqual(
      [
        ...Array(4).fill('AWS/Lambda/Errors'),
        ...Array(2).fill('AWS/States/ExecutionsFailed'),
        ...Array(2).fill('AWS/States/ExecutionsTimedOut'),
        'CryptoForecast/CryptoForecast/RollingMaeRatioToPersistence30d',
      ].sort(),
    );
    for (const alarm of alarms.filter((a) => a['Namespace'] !== 'CryptoForecast/CryptoForecast')) {
      expect(alarm).toMatchObject({
        Statistic: 'Sum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    expect(alarms.find((a) => a['Namespace'] === 'CryptoForecast/CryptoForecast')).toMatchObject({
      Dimensions: [{ Name: 'Symbol', Value: 'ALL' }],
      Statistic: 'Maximum',
      Period: 86400,
      Threshold: 1.05,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('enforces TLS on the alerts topic and subscribes nobody by default', () => {
    platform.template.resourceCountIs('AWS::SNS::Subscription', 0);
    platform.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });
});
