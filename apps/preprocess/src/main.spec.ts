import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { makeTempStore } from '@cf/storage/testing';
import { csvFixture, putRaw, yahooText } from './test-support/raw-fixtures';

const root = join(__dirname, '..', '..', '..');

/** Runs `main.ts` through tsx as `npm run preprocess` runs the built main.js: argv, env, exit code. */
function runMain(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'apps/preprocess/src/main.ts'), ...args],
      {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('main (CLI)', () => {
  it('runs on --store and prints the summary table', async () => {
    const { store, dir, cleanup } = await makeTempStore();
    try {
      await putRaw(
        store,
        csvFixture('XRP', yahooText('XRP'), {
          fetchedAt: '2024-02-12T00:10:00.000Z',
          from: '2017-11-09',
          to: '2024-02-11',
        }),
      );

      const run = await runMain(['--full', '--store', dir]);

      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toContain('preprocess full run');
      expect(run.stdout).toContain(
        'XRP       1      2286          0           0        0            0  2286  written (rebuilt)',
      );
      expect(run.stdout).toContain('raw objects: 1 listed, 1 read, 0 unchanged, 0 gone, 0 quarantined whole');
      expect(run.stdout).toContain('manifest: written');
    } finally {
      await cleanup();
    }
  }, 30_000);

  it('exits 2 with one log line naming a bad argument or variable', async () => {
    const [badFlag, badEnv] = await Promise.all([runMain(['--fulll']), runMain([], { PORT: 'eighty' })]);

    expect(badFlag.code).toBe(2);
    expect(JSON.parse(badFlag.stderr)).toMatchObject({ level: 'error', code: 'PREPROCESS_INVALID_REQUEST' });
    expect(badFlag.stderr).toContain("Unknown option '--fulll'");
    expect(badEnv.code).toBe(2);
    expect(JSON.parse(badEnv.stderr)).toMatchObject({
      code: 'SERVICE_CONFIG',
      message:
        "Invalid configuration: Environment variable PORT must be an integer between 0 and 65535, got 'eighty'",
    });
  }, 30_000);
});
