import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { join } from 'node:path';
import { PlatformStack } from './platform-stack';
import type { PlatformSettings } from './settings';

/** The repository root (the Docker build context of every image). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * Adds the platform stack to `app`, named and placed by `settings`, with cdk-nag's AwsSolutions checks on
 * every construct: synthesis stops on any finding that is not acknowledged with a reason.
 */
export function addPlatform(app: App, settings: PlatformSettings, repoRoot = REPO_ROOT): PlatformStack {
  const stack = new PlatformStack(app, settings.stackName, {
    settings,
    repoRoot,
    description: 'crypto-forecast: daily crypto OHLCV collection, forecasts and monitoring (apps/infra)',
    ...(settings.region === undefined && settings.account === undefined
      ? {}
      : {
          env: {
            ...(settings.region === undefined ? {} : { region: settings.region }),
            ...(settings.account === undefined ? {} : { account: settings.account }),
          },
        }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
