import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on `scope` and everything under it, each by its exact id
 * (`AwsSolutions-IAM5[Resource::...]`) and with the reason it is acceptable. cdk-nag v3 has no prefix
 * matching, so a new finding of the same rule still stops the synthesis until someone judges it.
 */
export function acknowledge(scope: IConstruct, findings: Readonly<Record<string, string>>): void {
  for (const [id, reason] of Object.entries(findings)) Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The finding id of a resource wildcard, as cdk-nag writes it: the resource resolved in `scope`'s stack, with
 * what is known only at deploy time written `<AWS::Region>` (a pseudo parameter) or `<Bucket1234.Arn>` (an
 * attribute), and what is known at synth (a region set by context) written out.
 *
 * @example
 * wildcardResource(role, bucket.arnForObjects('raw/*')); // 'AwsSolutions-IAM5[Resource::<StoreBucket4FBDE984.Arn>/raw/*]'
 */
export function wildcardResource(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenResolved(Stack.of(scope).resolve(resource))}]`;
}

/** A resolved CloudFormation value as text: `<Logical.Attr>` for attributes, `<AWS::Region>` for references. */
export function flattenResolved(value: unknown): string {
  if (typeof value === 'string') return value;
  const record = value as Record<string, unknown>;
  if (typeof record['Ref'] === 'string') return `<${record['Ref']}>`;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
  const sub = record['Fn::Sub'];
  if (typeof sub === 'string') return sub.replace(/\$\{([^}]+)\}/g, '<$1>');
  const join = record['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, unknown[]];
    return parts.map(flattenResolved).join(separator);
  }
  throw new Error(`cannot name the cdk-nag finding of ${JSON.stringify(value)}`);
}

/** The finding id of an action wildcard, as cdk-nag writes it. */
export function wildcardAction(action: string): string {
  return `AwsSolutions-IAM5[Action::${action}]`;
}

/** Reasons shared by several constructs. */
export const REASONS = {
  noResourceLevelPermissions:
    'ecr:GetAuthorizationToken (the image pull login) does not support resource-level permissions, so IAM requires Resource "*"; the pull itself is limited to the CDK assets repository',
  stateMachineLogsAndTracing:
    'the CloudWatch Logs delivery actions a state machine needs to log (CreateLogDelivery, DescribeLogGroups, PutResourcePolicy, ...) and the X-Ray tracing actions do not support resource-level permissions, so IAM requires Resource "*"',
  sagemakerLogStreams:
    'SageMaker names a log stream per job or endpoint instance inside its own log group; the grant is limited to that one log group',
} as const;
