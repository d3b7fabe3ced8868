import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Lints probe files that are never written to disk, placed (by path) inside real projects, to prove
// the dependency rules of eslint.config.mjs hold: apps never import apps, pure libraries stay pure.
const root = join(__dirname, '..', '..', '..');
const RULE = '@nx/enforce-module-boundaries';

interface LintMessage {
  ruleId: string | null;
  message: string;
}

// The ESLint CLI in a child process: its config is ESM, which Jest's module sandbox cannot load.
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = join(root, 'node_modules', '.bin', 'eslint');
  const run = spawnSync(eslint, ['--format', 'json', '--stdin', '--stdin-filename', join(root, filePath)], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  if (run.stdout === '') throw new Error(`eslint produced no report: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('module boundaries', () => {
  jest.setTimeout(60_000);

  it('refuses an import from one app into another', async () => {
    const errors = await boundaryErrors(
      'apps/preprocess/src/boundary-probe.ts',
      "import { handler } from '../../ingest/src/lambda';\nexport const probe = handler;\n",
    );
    expect(errors.join('\n')).toMatch(/Projects cannot be imported by a relative or absolute path|type:app/);
  });

  it('refuses an import of the infrastructure project from an app or a library, and any project from it', async () => {
    const fromApp = await boundaryErrors(
      'apps/monitor/src/boundary-probe.ts',
      "import { readSettings } from '../../infra/src/settings';\nexport const probe = readSettings;\n",
    );
    const fromLib = await boundaryErrors(
      'libs/service/src/boundary-probe.ts',
      "import { readSettings } from '../../../apps/infra/src/settings';\nexport const probe = readSettings;\n",
    );
    const fromInfra = await boundaryErrors(
      'apps/infra/src/boundary-probe.ts',
      "import { openStore } from '@cf/storage';\nexport const probe = openStore;\n",
    );
    expect(fromApp.join('\n')).toMatch(/Projects cannot be imported by a relative or absolute path/);
    expect(fromLib.join('\n')).toMatch(/Projects cannot be imported by a relative or absolute path/);
    expect(fromInfra.join('\n')).toMatch(/type:infra/);
  });

  it('refuses an import of an io library (storage) from a pure library', async () => {
    const errors = await boundaryErrors(
      // metrics, not ohlcv: storage imports ohlcv, so that probe would be reported as a cycle first.
      'libs/metrics/src/boundary-probe.ts',
      "import { openStore } from '@cf/storage';\nexport const probe = openStore;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:pure/);
  });

  it('refuses frameworks and SDKs in pure libraries', async () => {
    const errors = await boundaryErrors(
      'libs/metrics/src/boundary-probe.ts',
      "import Fastify from 'fastify';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const probe = [Fastify, S3Client];\n",
    );
    expect(errors).toHaveLength(2);
  });

  it('lets an app use libraries and a pure library use another pure one', async () => {
    const appErrors = await boundaryErrors(
      'apps/ingest/src/boundary-probe.ts',
      "import { rawCandlesKey } from '@cf/storage';\nimport { addDays } from '@cf/ohlcv';\nexport const probe = [rawCandlesKey, addDays];\n",
    );
    const pureErrors = await boundaryErrors(
      'libs/metrics/src/boundary-probe.ts',
      "import { addDays } from '@cf/ohlcv';\nexport const probe = addDays;\n",
    );
    expect(appErrors).toEqual([]);
    expect(pureErrors).toEqual([]);
  });
});
