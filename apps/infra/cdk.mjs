#!/usr/bin/env node
// `npm run synth` / `npm run deploy` / `npm run destroy`: the CDK CLI of this repository, run in apps/infra
// (where cdk.json is), with the arguments given (`npm run deploy -- -c endpoint=true`).
// BUILDX_NO_DEFAULT_ATTESTATIONS: BuildKit otherwise adds provenance attestations, and Lambda refuses the
// resulting manifest lists; the CDK CLI has no flag for it, so it goes through the environment of `docker build`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const cdk = join(here, '..', '..', 'node_modules', '.bin', 'cdk');
const result = spawnSync(cdk, ['--no-notices', ...process.argv.slice(2)], {
  cwd: here,
  stdio: 'inherit',
  env: {
    ...process.env,
    BUILDX_NO_DEFAULT_ATTESTATIONS: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  },
});
process.exit(result.status ?? 1);
