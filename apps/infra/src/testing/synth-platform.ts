// Test support: the platform synthesized offline, the way `cdk synth` does (cdk.json's feature flags), with
// CloudFormation values written as text for assertions (`<StoreBucket4FBDE984.Arn>/raw/*`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPlatform, REPO_ROOT } from '../app';
import { flattenResolved } from '../constructs/acknowledge';
import type { PlatformStack } from '../platform-stack';
import { readSettings } from '../settings';

const CDK_JSON = join(__dirname, '..', '..', 'cdk.json');

/** One synthesized platform. */
export interface SynthesizedPlatform {
  readonly app: App;
  readonly stack: PlatformStack;
  readonly template: Template;
}

/**
 * Synthesizes the platform with these context values (as `-c key=value` gives them) into a temp folder.
 * `repoRoot` is the images' build context (the repository by default).
 */
export function synthPlatform(
  context: Record<string, string> = {},
  options: { readonly repoRoot?: string; readonly env?: Record<string, string> } = {},
): SynthesizedPlatform {
  const flags = (require(CDK_JSON) as { context: Record<string, unknown> }).context;
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'cdk-out-')),
    context: { ...flags, ...context },
  });
  const settings = readSettings((key) => app.node.tryGetContext(key), options.env ?? {});
  const stack = addPlatform(app, settings, options.repoRoot ?? REPO_ROOT);
  return { app, stack, template: Template.fromStack(stack) };
}

/** Every resource of one type, by logical id. */
export function resourcesOf(
  template: Template,
  type: string,
): Record<string, { Properties: Record<string, unknown> }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, unknown> }>;
}

/** The logical id of the only resource of `type` whose id starts with `prefix`. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** One IAM statement as text: its actions, and its resources written with `flattenResolved`. */
export interface StatementText {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** The statements of every inline policy attached to the role whose logical id starts with `rolePrefix`. */
export function roleStatements(template: Template, rolePrefix: string): StatementText[] {
  const role = logicalIdOf(template, 'AWS::IAM::Role', rolePrefix);
  const statements: StatementText[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (policy.Properties['Roles'] as { Ref: string }[]).map((r) => r.Ref);
    if (!roles.includes(role)) continue;
    const document = policy.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] };
    for (const statement of document.Statement) {
      statements.push({
        actions: ([] as string[]).concat(statement['Action'] as string | string[]).sort(),
        resources: ([] as unknown[]).concat(statement['Resource']).map(flattenResolved).sort(),
      });
    }
  }
  return statements;
}

/** A state machine's definition (its `DefinitionString`, with deploy-time values as text), parsed. */
export function stateMachineDefinition(template: Template, prefix: string): StateMachineDefinition {
  const id = logicalIdOf(template, 'AWS::StepFunctions::StateMachine', prefix);
  const machine = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[id];
  return JSON.parse(flattenResolved(machine.Properties['DefinitionString'])) as StateMachineDefinition;
}

/** The parts of an Amazon States Language definition the tests read. */
export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: Record<string, StateDefinition>;
}

/** One state of a definition. */
export interface StateDefinition extends Record<string, unknown> {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Retry?: {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
  }[];
  readonly Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
}
