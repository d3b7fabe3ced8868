import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledge, REASONS, wildcardResource } from './acknowledge';

/** What a SageMaker execution role is for. */
export interface SageMakerRoleProps {
  readonly description: string;
  /** The image SageMaker pulls for it. */
  readonly image: ecrAssets.DockerImageAsset;
  /** Its CloudWatch Logs group names, as an ARN resource name (`/aws/sagemaker/TrainingJobs:*`). */
  readonly logGroups: string;
  /** Why the log-group wildcard is acceptable. */
  readonly logGroupsReason: string;
}

/**
 * An execution role SageMaker assumes (training jobs, an endpoint): it may pull its image and write its logs,
 * nothing else until granted. The wildcards this needs are acknowledged with their reasons.
 */
export function sageMakerRole(scope: Construct, id: string, props: SageMakerRoleProps): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    description: props.description,
  });
  props.image.repository.grantPull(role);
  const logGroups = Stack.of(scope).formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: props.logGroups,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'logs:DescribeLogStreams',
      ],
      resources: [logGroups],
    }),
  );
  acknowledge(role, {
    [wildcardResource(scope, '*')]: REASONS.noResourceLevelPermissions,
    [wildcardResource(scope, logGroups)]: props.logGroupsReason,
  });
  return role;
}
