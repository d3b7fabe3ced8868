// The CDK app (`cdk synth`, `cdk deploy` from apps/infra, or `npm run synth` / `npm run deploy`).
import { App } from 'aws-cdk-lib';
import { addPlatform } from './app';
import { readSettings } from './settings';

const app = new App();
addPlatform(
  app,
  readSettings((key) => app.node.tryGetContext(key), process.env),
);
app.synth();
