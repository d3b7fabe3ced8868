import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, REASONS, wildcardResource } from './acknowledge';
import { sageMakerRole } from './sagemaker-role';
import { grantStore } from './store-access';

/** The promoted model's folder, which the endpoint serves. */
export const LATEST_MODEL_PREFIX = 'models/latest/';
/** Written last by every promotion and rollback: its creation means `models/latest/` is complete. */
export const LATEST_MODEL_MARKER = `${LATEST_MODEL_PREFIX}metadata.json`;

/** Properties of the endpoint. */
export interface InferenceEndpointProps {
  readonly bucket: s3.Bucket;
  readonly image: ecrAssets.DockerImageAsset;
  /** `ml.t2.medium`, ... */
  readonly instanceType: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The SageMaker real-time endpoint serving `models/latest/` (the infer image's `serve`: `GET /ping`,
 * `POST /invocations`). The model data is the uncompressed S3 prefix, which SageMaker copies to
 * `/opt/ml/model` when it starts an instance, so a running endpoint keeps the model it started with.
 * On promotion (the creation of `models/latest/metadata.json`, seen through EventBridge) a state machine
 * creates a new endpoint configuration for the same model and updates the endpoint to it: SageMaker starts
 * new instances, which load the new files, and shifts traffic to them without downtime (an endpoint update
 * always needs a new configuration). A promotion arriving while an update runs is retried until it can go.
 */
export class InferenceEndpoint extends Construct {
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly role: iam.Role;
  readonly refresh: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: InferenceEndpointProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = sageMakerRole(this, 'Role', {
      description: 'Execution role of the inference endpoint',
      image: props.image,
      logGroups: '/aws/sagemaker/Endpoints/*',
      logGroupsReason:
        'SageMaker writes to a log group named after the endpoint (/aws/sagemaker/Endpoints/<name>); the grant is limited to endpoint log groups',
    });
    grantStore(this.role, props.bucket, { read: [LATEST_MODEL_PREFIX] });

    const model = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: this.role.roleArn,
      primaryContainer: {
        image: props.image.imageUri,
        modelDataSource: {
          s3DataSource: {
            s3Uri: props.bucket.s3UrlForObject(LATEST_MODEL_PREFIX),
            s3DataType: 'S3Prefix',
            compressionType: 'None',
          },
        },
        environment: { MODEL_DIR: '/opt/ml/model', LOG_LEVEL: 'info' },
      },
    });
    // SageMaker checks the role's access when it creates the model, so the policy must exist first.
    model.node.addDependency(this.role);
    const variant = { variantName: 'primary', initialInstanceCount: 1, initialVariantWeight: 1 };
    const config = new sagemaker.CfnEndpointConfig(this, 'Config', {
      productionVariants: [{ ...variant, modelName: model.attrModelName, instanceType: props.instanceType }],
    });
    // Named here, not by CloudFormation: CDK's UpdateEndpoint task writes the name into its IAM policy and
    // cannot do so with a deploy-time value (it would grant an endpoint that does not exist).
    const endpointName = `${stack.stackName.toLowerCase().slice(0, 57)}-infer`;
    this.endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointName,
      endpointConfigName: config.attrEndpointConfigName,
    });

    const name = new sfn.Pass(this, 'Name the configuration', {
      parameters: { 'configName.$': "States.Format('cf-infer-{}', States.UUID())" },
    });
    const createConfig = new tasks.SageMakerCreateEndpointConfig(this, 'Create configuration', {
      endpointConfigName: sfn.JsonPath.stringAt('$.configName'),
      productionVariants: [
        {
          ...variant,
          modelName: model.attrModelName,
          instanceType: new ec2.InstanceType(props.instanceType.replace(/^ml\./, '')),
        },
      ],
      resultPath: sfn.JsonPath.DISCARD,
    });
    const update = new tasks.SageMakerUpdateEndpoint(this, 'Update endpoint', {
      endpointName,
      endpointConfigName: sfn.JsonPath.stringAt('$.configName'),
      resultPath: sfn.JsonPath.DISCARD,
    }).addRetry({
      // "Cannot update in-progress endpoint": the previous promotion's update is still running.
      errors: ['SageMaker.AmazonSageMakerException'],
      interval: Duration.minutes(5),
      maxAttempts: 12,
      backoffRate: 1,
    });
    const logGroup = new logs.LogGroup(this, 'RefreshLogs', {
      logGroupName: `/aws/vendedlogs/states/${stack.stackName}-endpoint-refresh`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.refresh = new sfn.StateMachine(this, 'Refresh', {
      comment: 'Points the endpoint at a new configuration, so new instances load models/latest/',
      definitionBody: sfn.DefinitionBody.fromChainable(name.next(createConfig).next(update)),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    new events.Rule(this, 'Promoted', {
      description: 'A promotion or rollback completed models/latest/: refresh the endpoint',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.bucket.bucketName] }, object: { key: [LATEST_MODEL_MARKER] } },
      },
      targets: [new eventTargets.SfnStateMachine(this.refresh, { retryAttempts: 3 })],
    });
    acknowledge(this.refresh, {
      [wildcardResource(this, '*')]:
        `${REASONS.stateMachineLogsAndTracing}; CDK's CreateEndpointConfig task adds sagemaker:ListTags, which has none either`,
      [wildcardResource(
        this,
        stack.formatArn({ service: 'sagemaker', resource: 'endpoint-config', resourceName: '*' }),
      )]:
        "the refresh creates a configuration with a new generated name on every promotion (cf-infer-<uuid>); CDK's SageMakerCreateEndpointConfig task grants CreateEndpointConfig on endpoint configurations",
    });
  }
}
