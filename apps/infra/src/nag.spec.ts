import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { synthPlatform } from './testing/synth-platform';

interface Acknowledged {
  readonly id: string;
  readonly reason: string;
}

// CDK records each acknowledgement as construct metadata: { '<kind>::<rule id>': reason }.
function acknowledgements(root: IConstruct): Acknowledged[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          id: id.slice(id.indexOf('::') + 2),
          reason,
        })),
      ),
  );
}

describe("cdk-nag's AwsSolutions checks", () => {
  jest.setTimeout(120_000);

  it.each([
    ['the defaults', {}],
    [
      'every option',
      {
        endpoint: 'true',
        region: 'us-east-1',
        alertEmail: 'ops@example.com',
        alertWebhookUrl: 'https://hooks.example.com/x',
        cryptoCompareSecret: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cf-key-AbCdEf',
      },
    ],
  ])('pass on %s, every acknowledged finding with its reason', (_label, context) => {
    const { app, stack } = synthPlatform(context);

    const report = new AwsSolutionsChecks(app).validateScope(stack);

    expect(
      report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.locations}`)),
    ).toEqual([]);
    expect(report.success).toBe(true);
    const acknowledged = acknowledgements(stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+/);
      expect(reason.length).toBeGreaterThan(40);
    }
  });

  it('really check: a wildcard nobody acknowledged is reported', () => {
    const { app, stack } = synthPlatform();
    new iam.Role(stack, 'Careless', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    }).addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));

    const report = new AwsSolutionsChecks(app).validateScope(stack);

    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName).sort()).toEqual([
      'AwsSolutions-IAM5[Action::s3:*]',
      'AwsSolutions-IAM5[Resource::*]',
    ]);
  });
});
