// Wall time and peak memory of ingest, then of preprocess on what ingest wrote, as the number of assets grows
// (issue 15: memory must not grow with it). Run with `npm run bench -- scaling`. It builds both apps and
// serves 10, 100 and 400 synthetic assets (`syntheticSampleAssets`: the bundled daily returns resampled with
// a seeded generator, 2001 days each) from the loopback CryptoCompare server of the tests (in this process).
// For each count, on a fresh temp store, it runs the BUILT CLIs as their own processes under /usr/bin/time,
// which reports each child's wall time and maximum resident set size:
// - `node dist/apps/ingest/main.js backfill`: one page (2001 days) per asset, 2 assets at a time (the default
//   INGEST_CONCURRENCY), no rate limit, CLOCK_NOW set as in replays;
// - `node dist/apps/preprocess/main.js`: the first run over the raw objects ingest wrote.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { addDays } from '@cf/ohlcv';
import { syntheticSampleAssets } from '@cf/ohlcv/testing';
import { startFakeProviderServer } from '../src/testing/fake-provider-server';

const root = path.resolve(__dirname, '../../..');
const COUNTS = [10, 100, 400] as const;
// Issue 15, measured on main before this work: peak RSS (MB) for 10, 100 and 400 synthetic assets.
const REFERENCE_MB: Readonly<Record<'ingest' | 'preprocess', Readonly<Record<number, number>>>> = {
  ingest: { 400: 168 },
  preprocess: { 10: 114, 100: 246, 400: 661 },
};
const TARGET_RATIO = 1.5;
const DAYS = 2001;
const TO = '2024-02-11';
const NOW = '2024-02-12T06:00:00.000Z';

interface Measure {
  readonly seconds: number;
  readonly peakMb: number;
  readonly stdout: string;
}

/** Runs `node args...` under GNU time, without blocking this process (it serves the provider's answers). */
async function measured(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Measure> {
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

function build(project: string): void {
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'nx'),
    ['run', `${project}:build`, '--outputStyle=static'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NX_NO_CLOUD: 'true' } },
  );
  if (result.status !== 0) throw new Error(`building ${project} failed:\n${result.stdout}\n${result.stderr}`);
}

function line(count: number, run: Measure, reference: number | undefined, out: string): string {
  return (
    `${String(count).padStart(6)}  ${run.seconds.toFixed(2).padStart(7)} s  ${run.peakMb.toFixed(0).padStart(5)} MB` +
    `  ${(reference === undefined ? '-' : `${reference} MB`).padStart(20)}  ${out}`
  );
}

function verdict(name: string, peaks: ReadonlyMap<number, number>): string {
  const ratio = (peaks.get(400) as number) / (peaks.get(10) as number);
  const met = ratio <= TARGET_RATIO ? 'met' : 'NOT met';
  return `${name}: peak RSS at 400 assets / at 10 = ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}) ${met}`;
}

async function main(): Promise<void> {
  if (spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status !== 0) {
    throw new Error('this benchmark needs GNU time at /usr/bin/time (Debian: apt-get install time)');
  }
  build('ingest');
  build('preprocess');
  const assets = syntheticSampleAssets(Math.max(...COUNTS), { seed: 1, days: DAYS, to: TO });
  const server = await startFakeProviderServer({
    cryptocompare: Object.fromEntries(assets.map((a) => [a.symbol, a.candles])),
  });
  const env = { ...process.env, CLOCK_NOW: NOW, LOG_LEVEL: 'silent' };
  const lines = { ingest: [] as string[], preprocess: [] as string[] };
  const peaks = { ingest: new Map<number, number>(), preprocess: new Map<number, number>() };
  try {
    for (const count of COUNTS) {
      const dir = await mkdtemp(path.join(tmpdir(), 'cf-scaling-bench-'));
      try {
        const symbols = assets.slice(0, count).map((a) => a.symbol);
        const ingest = await measured(
          [
            path.join(root, 'dist/apps/ingest/main.js'),
            ...['backfill', '--source', 'cryptocompare', '--symbols', symbols.join(',')],
            ...['--from', addDays(TO, -(DAYS - 1)), '--store', dir],
          ],
          { ...env, CRYPTOCOMPARE_BASE_URL: server.url, INGEST_REQUESTS_PER_SECOND: '1000' },
        );
        if (/^(\d+) written/m.exec(ingest.stdout)?.[1] !== String(count)) {
          throw new Error(`expected ${count} raw objects written:\n${ingest.stdout}`);
        }
        const preprocess = await measured(
          [path.join(root, 'dist/apps/preprocess/main.js'), '--store', dir, '--json'],
          env,
        );
        const report = JSON.parse(preprocess.stdout) as { symbols: { rows: number }[] };
        const rows = report.symbols.reduce((n, s) => n + s.rows, 0);
        if (rows !== count * DAYS) throw new Error(`expected ${count * DAYS} rows out, got ${rows}`);
        peaks.ingest.set(count, ingest.peakMb);
        peaks.preprocess.set(count, preprocess.peakMb);
        lines.ingest.push(line(count, ingest, REFERENCE_MB.ingest[count], `${count * DAYS} candles`));
        lines.preprocess.push(line(count, preprocess, REFERENCE_MB.preprocess[count], `${rows} rows`));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  console.log(
    `N synthetic assets, ${DAYS} days each; node ${process.version}, ${cpus().length} cores; no tfjs`,
  );
  const header = 'assets  wall time  peak RSS  reference (issue 15)  out';
  console.log(`\ningest: backfill from CryptoCompare (loopback), one page per asset\n${header}`);
  console.log(lines.ingest.join('\n'));
  console.log(`\npreprocess: first run over the raw objects ingest wrote\n${header}`);
  console.log(lines.preprocess.join('\n'));
  console.log(`\n${verdict('ingest', peaks.ingest)}\n${verdict('preprocess', peaks.preprocess)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
