import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run synth` as CI runs it: the real CDK CLI, offline, with no AWS account or credentials and no Docker.
const LAUNCHER = join(__dirname, '..', 'cdk.mjs');
const OFFLINE_ENV = {
  PATH: process.env.PATH,
  HOME: mkdtempSync(join(tmpdir(), 'no-aws-home-')),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
};

describe('the CDK CLI (npm run synth)', () => {
  jest.setTimeout(180_000);

  it('synthesizes the template with no AWS account, stopping on nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
    try {
      const run = spawnSync(
        process.execPath,
        [LAUNCHER, 'synth', '--quiet', '-o', out, '-c', 'endpoint=true'],
        {
          env: OFFLINE_ENV,
          encoding: 'utf8',
        },
      );

      expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      const template = JSON.parse(readFileSync(join(out, 'CryptoForecast.template.json'), 'utf8'));
      expect(Object.keys(template.Resources).length).toBeGreaterThan(50);
      expect(existsSync(join(out, 'CryptoForecast.assets.json'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('stops on a bad setting with one line per problem and exit code 2 from the app', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
    try {
      const run = spawnSync(
        process.execPath,
        [LAUNCHER, 'synth', '--quiet', '-o', out, '-c', 'source=csv', '-c', 'endpoint=maybe'],
        { env: OFFLINE_ENV, encoding: 'utf8' },
      );

      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('INFRA_SETTINGS: context source must be cryptocompare or binance');
      expect(run.stderr).toContain("INFRA_SETTINGS: context endpoint must be true or false, got 'maybe'");
      expect(run.stderr).toContain('exited with error 2');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
