import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of one service's Lambda function. */
export interface ServiceFunctionProps {
  /** The container image (`DockerImageCode.fromImageAsset` of the service's Dockerfile). */
  readonly code: lambda.DockerImageCode;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** Most concurrent invocations; unset leaves the account's pool. */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A service's Lambda function with its own role and its own log group. The role starts empty (no
 * AWS-managed policy): it may write to its log group, and everything else is granted by the stack, each
 * grant scoped to what the service touches.
 */
export class ServiceFunction extends Construct {
  readonly function: lambda.DockerImageFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function`,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new lambda.DockerImageFunction(this, 'Function', {
      code: props.code,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      memorySize: props.memorySize,
      timeout: props.timeout,
      architecture: lambda.Architecture.X86_64,
      environment: { ...props.environment },
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
    });
  }
}
