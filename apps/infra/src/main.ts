// The CDK app (`npm run synth` / `npm run deploy`, or `cdk synth` / `cdk deploy` from apps/infra).
import { App } from 'aws-cdk-lib';
import { addPlatform } from './app';
import { SettingsError } from './errors';
import { readSettings } from './settings';

const app = new App();
try {
  addPlatform(
    app,
    readSettings((key) => app.node.tryGetContext(key), process.env),
  );
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  // One line per bad setting, no stack trace: the user mistyped a -c value.
  process.stderr.write(`${error.problems.map((p) => `${error.code}: ${p}`).join('\n')}\n`);
  process.exit(2);
}
app.synth();
