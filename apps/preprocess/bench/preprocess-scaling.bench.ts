// Wall time and peak memory of preprocess as the number of assets grows (issue 15: memory must not grow with
// it). Run with `npm run bench -- preprocess-scaling`. It builds the app, writes 10, 100 and 400 synthetic
// assets (`syntheticSampleAssets`: the bundled daily returns resampled with a seeded generator, 2001 days
// each) as CryptoCompare raw objects (one page per asset, schemaVersion 2 as ingest writes them) into a temp
// store, and runs the BUILT CLI `node dist/apps/preprocess/main.js` on it as its own process under
// /usr/bin/time, which reports the child's wall time and maximum resident set size.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { addDays } from '@cf/ohlcv';
import { cryptoCompareRowsOf, syntheticSampleAssets } from '@cf/ohlcv/testing';
import { LocalObjectStore } from '@cf/storage';
import { cryptoCompareFixture, putRaw } from '../src/test-support/raw-fixtures';

const root = path.resolve(__dirname, '../../..');
const COUNTS = [10, 100, 400] as const;
// Issue 15, measured on main before this work: peak RSS of preprocess for 10, 100 and 400 synthetic assets.
const REFERENCE_MB: Readonly<Record<number, number>> = { 10: 114, 100: 246, 400: 661 };
const TARGET_RATIO = 1.5;
const DAYS = 2001;
const TO = '2024-02-11';
const NOW = '2024-02-12T06:00:00.000Z';

/** Runs `node args...` under GNU time: its wall time, peak RSS and stdout. */
async function measured(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; peakMb: number; stdout: string }> {
  const child = spawn('/usr/bin/time', ['-f', 'cf-bench %e %M', process.execPath, ...args], {
    cwd: root,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = /cf-bench ([\d.]+) (\d+)\s*$/.exec(stderr);
  if (code !== 0 || line === null) throw new Error(`node ${args.join(' ')} failed (${code}):\n${stderr}`);
  return { seconds: Number(line[1]), peakMb: Number(line[2]) / 1024, stdout };
}

function build(): void {
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'nx'),
    ['run', 'preprocess:build', '--outputStyle=static'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NX_NO_CLOUD: 'true' } },
  );
  if (result.status !== 0) throw new Error(`building preprocess failed:\n${result.stdout}\n${result.stderr}`);
}

async function main(): Promise<void> {
  if (spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status !== 0) {
    throw new Error('this benchmark needs GNU time at /usr/bin/time (Debian: apt-get install time)');
  }
  build();
  const assets = syntheticSampleAssets(Math.max(...COUNTS), { seed: 1, days: DAYS, to: TO });
  const facts = { fetchedAt: '2024-02-12T00:05:00.000Z', from: addDays(TO, -(DAYS - 1)), to: TO };
  console.log(
    `preprocess, first run over N synthetic assets (${DAYS} days each, one CryptoCompare raw object per asset)`,
  );
  console.log(
    `node ${process.version}, ${cpus().length} cores; tfjs backend: none (preprocess does not use tfjs)`,
  );
  console.log('assets  wall time  peak RSS  reference (issue 15)  rows out');
  const peaks = new Map<number, number>();
  for (const count of COUNTS) {
    const dir = await mkdtemp(path.join(tmpdir(), 'cf-preprocess-bench-'));
    try {
      const store = new LocalObjectStore(dir);
      for (const { symbol, candles } of assets.slice(0, count)) {
        await putRaw(store, cryptoCompareFixture(symbol, cryptoCompareRowsOf(candles), facts));
      }
      const run = await measured(
        [path.join(root, 'dist/apps/preprocess/main.js'), '--store', dir, '--json'],
        {
          ...process.env,
          CLOCK_NOW: NOW,
          LOG_LEVEL: 'silent',
        },
      );
      const report = JSON.parse(run.stdout) as { symbols: { rows: number }[] };
      const rows = report.symbols.reduce((n, s) => n + s.rows, 0);
      if (rows !== count * DAYS) throw new Error(`expected ${count * DAYS} rows out, got ${rows}`);
      peaks.set(count, run.peakMb);
      console.log(
        `${String(count).padStart(6)}  ${run.seconds.toFixed(2).padStart(7)} s  ${run.peakMb.toFixed(0).padStart(5)} MB` +
          `  ${String(REFERENCE_MB[count]).padStart(17)} MB  ${rows}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const ratio = (peaks.get(400) as number) / (peaks.get(10) as number);
  console.log(
    `peak RSS at 400 assets / at 10: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}; reference ` +
      `${(REFERENCE_MB[400] / REFERENCE_MB[10]).toFixed(2)}) ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
