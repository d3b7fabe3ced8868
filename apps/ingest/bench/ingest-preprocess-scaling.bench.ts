// Wall time and peak memory of ingest as the number of assets grows (issue 15: memory must not grow with it).
// Run with `npm run bench -- ingest-scaling`. It builds the app, serves 10, 100 and 400 synthetic assets
// (`syntheticSampleAssets`: the bundled daily returns resampled with a seeded generator, 2001 days each) from
// the loopback CryptoCompare server of the tests (in this process), and runs the BUILT CLI
// `node dist/apps/ingest/main.js backfill` against it as its own process under /usr/bin/time, which reports
// the child's wall time and maximum resident set size. One page (2001 days) per asset, 2 assets at a time
// (the default INGEST_CONCURRENCY), no rate limit.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { addDays } from '@cf/ohlcv';
import { syntheticSampleAssets } from '@cf/ohlcv/testing';
import { startFakeProviderServer } from '../src/testing/fake-provider-server';

const root = path.resolve(__dirname, '../../..');
const COUNTS = [10, 100, 400] as const;
// Issue 15, measured on main before this work: peak RSS of ingest for 400 synthetic assets (and 13 s).
const REFERENCE_MB_AT_400 = 168;
const TARGET_RATIO = 1.5;
const DAYS = 2001;
const TO = '2024-02-11';
const NOW = '2024-02-12T06:00:00.000Z';

/** Runs `node args...` under GNU time (without blocking this process's event loop): wall time, peak RSS. */
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
    ['run', 'ingest:build', '--outputStyle=static'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NX_NO_CLOUD: 'true' } },
  );
  if (result.status !== 0) throw new Error(`building ingest failed:\n${result.stdout}\n${result.stderr}`);
}

async function main(): Promise<void> {
  if (spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status !== 0) {
    throw new Error('this benchmark needs GNU time at /usr/bin/time (Debian: apt-get install time)');
  }
  build();
  const assets = syntheticSampleAssets(Math.max(...COUNTS), { seed: 1, days: DAYS, to: TO });
  const server = await startFakeProviderServer({
    cryptocompare: Object.fromEntries(assets.map((a) => [a.symbol, a.candles])),
  });
  console.log(
    `ingest backfill from CryptoCompare (loopback) of N synthetic assets, ${DAYS} days (one page) each`,
  );
  console.log(
    `node ${process.version}, ${cpus().length} cores; tfjs backend: none (ingest does not use tfjs)`,
  );
  console.log('assets  wall time  peak RSS  reference (issue 15)  candles');
  const peaks = new Map<number, number>();
  try {
    for (const count of COUNTS) {
      const dir = await mkdtemp(path.join(tmpdir(), 'cf-ingest-bench-'));
      try {
        const symbols = assets.slice(0, count).map((a) => a.symbol);
        const run = await measured(
          [
            path.join(root, 'dist/apps/ingest/main.js'),
            'backfill',
            '--source',
            'cryptocompare',
            '--symbols',
            symbols.join(','),
            '--from',
            addDays(TO, -(DAYS - 1)),
            '--store',
            dir,
          ],
          {
            ...process.env,
            CLOCK_NOW: NOW,
            LOG_LEVEL: 'silent',
            CRYPTOCOMPARE_BASE_URL: server.url,
            INGEST_REQUESTS_PER_SECOND: '1000',
          },
        );
        const written = /^(\d+) written/m.exec(run.stdout)?.[1];
        if (written !== String(count)) throw new Error(`expected ${count} objects written:\n${run.stdout}`);
        peaks.set(count, run.peakMb);
        const reference = count === 400 ? `${REFERENCE_MB_AT_400} MB` : '-';
        console.log(
          `${String(count).padStart(6)}  ${run.seconds.toFixed(2).padStart(7)} s  ${run.peakMb.toFixed(0).padStart(5)} MB` +
            `  ${reference.padStart(20)}  ${count * DAYS}`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  const ratio = (peaks.get(400) as number) / (peaks.get(10) as number);
  console.log(
    `peak RSS at 400 assets / at 10: ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
