// Wall time and peak memory of ingest, preprocess and infer's scheduled job, one after the other on the same
// store, as the number of assets grows (issue 15: memory must not grow with it). Run with
// `npm run bench -- scaling`. It builds the three apps and serves 10, 100 and 400 synthetic assets
// (`syntheticSampleAssets`: the bundled daily returns resampled with a seeded generator, 2001 days each) from
// the loopback CryptoCompare server of the tests (in this process). For each count, on a fresh temp store, it
// runs the BUILT CLIs as their own processes under /usr/bin/time, which reports each child's wall time and
// maximum resident set size:
// - `node dist/apps/ingest/main.js backfill`: one page (2001 days) per asset, 2 assets at a time (the default
//   INGEST_CONCURRENCY), no rate limit, CLOCK_NOW set as in replays;
// - `node dist/apps/preprocess/main.js`: the first run over the raw objects ingest wrote;
// - `node dist/apps/infer/main.js run --symbols <all N>`: the scheduled job, in-process, with a promoted
//   `lstm/scale-free` version in models/latest/ (the default network recipe at the parameter table's default sizes,
//   trained once for 1 epoch on the five bundled assets: its scalers are pooled over assets, so it forecasts
//   symbols it never saw, and memory and time do not depend on the weights), on the tfjs backend infer picks
//   (wasm here). Every asset must be forecast.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_TRAINING_PARAMETERS } from '@cf/forecasting';
import { readModelVersion, writeModelVersion, type StoredModelVersion } from '@cf/model';
import { writeModelVersionFixture } from '@cf/model/testing';
import { addDays } from '@cf/ohlcv';
import { SAMPLE_SYMBOLS, syntheticSampleAssets } from '@cf/ohlcv/testing';
import { LocalObjectStore, modelPrefix } from '@cf/storage';
import { startFakeProviderServer } from '../src/testing/fake-provider-server';

const root = path.resolve(__dirname, '../../..');
const COUNTS = [10, 100, 400] as const;
const STAGES = ['ingest', 'preprocess', 'infer'] as const;
type Stage = (typeof STAGES)[number];
// Issue 15, measured on main before this work: peak RSS for 10, 100 and 400 synthetic assets, wall time at 400.
const REFERENCE: Readonly<Record<Stage, Readonly<Record<number, string>>>> = {
  ingest: { 400: '168 MB, 13 s' },
  preprocess: { 10: '114 MB', 100: '246 MB', 400: '661 MB, 17 s' },
  infer: { 400: '211 MB, 16 s' },
};
const TARGET_RATIO = 1.5;
const DAYS = 2001;
const TO = '2024-02-11';
const NOW = '2024-02-12T06:00:00.000Z';

interface Measure {
  readonly seconds: number;
  readonly peakMb: number;
  readonly stdout: string;
  readonly stderr: string;
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
  return { seconds: Number(line[1]), peakMb: Number(line[2]) / 1024, stdout, stderr };
}

function build(project: string): void {
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'nx'),
    ['run', `${project}:build`, '--outputStyle=static'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NX_NO_CLOUD: 'true' } },
  );
  if (result.status !== 0) throw new Error(`building ${project} failed:\n${result.stdout}\n${result.stderr}`);
}

function line(count: number, run: Measure, reference: string | undefined, out: string): string {
  return (
    `${String(count).padStart(6)}  ${run.seconds.toFixed(2).padStart(7)} s  ${run.peakMb.toFixed(0).padStart(5)} MB` +
    `  ${(reference ?? '-').padStart(20)}  ${out}`
  );
}

/** A real `lstm/scale-free` version at the default sizes (1 epoch), trained on the five bundled assets. */
async function trainModel(dir: string): Promise<StoredModelVersion> {
  const store = new LocalObjectStore(dir);
  const { prefix } = await writeModelVersionFixture(store, {
    model: 'lstm/scale-free',
    symbols: SAMPLE_SYMBOLS,
    from: '2020-01-01',
    parameters: { ...DEFAULT_TRAINING_PARAMETERS, epochs: 1 },
  });
  return readModelVersion(store, prefix);
}

/** Checks that infer published a forecast of every symbol and listed none as missing. */
async function inferOut(dir: string, symbols: readonly string[]): Promise<string> {
  const store = new LocalObjectStore(dir);
  const read = async (key: string): Promise<unknown> =>
    JSON.parse((await store.get(key))?.toString('utf8') ?? 'null');
  const all = (await read('predictions/latest/latest_all.json')) as { symbol: string }[] | null;
  const missing = (await read('predictions/latest/missing_symbols.json')) as unknown[] | null;
  const forecast = new Set(all?.map((f) => f.symbol));
  if (symbols.some((s) => !forecast.has(s)) || missing?.length !== 0) {
    throw new Error(
      `infer forecast ${forecast.size} of ${symbols.length} symbols; missing: ${JSON.stringify(missing)}`,
    );
  }
  return `${forecast.size} forecasts`;
}

/** The tfjs backend infer logged (`tfjs backend: wasm`, at level info). */
function inferBackend(stderr: string): string {
  const entry = stderr.split('\n').find((l) => l.includes('"tfjs backend'));
  if (entry === undefined) throw new Error(`infer did not log its tfjs backend:\n${stderr.slice(-2000)}`);
  const { backend, note } = JSON.parse(entry) as { backend: string; note?: string };
  return `${backend} (${note ?? ''})`;
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
  for (const stage of STAGES) build(stage);
  const work = await mkdtemp(path.join(tmpdir(), 'cf-scaling-bench-'));
  const assets = syntheticSampleAssets(Math.max(...COUNTS), { seed: 1, days: DAYS, to: TO });
  const server = await startFakeProviderServer({
    cryptocompare: Object.fromEntries(assets.map((a) => [a.symbol, a.candles])),
  });
  const env = { ...process.env, CLOCK_NOW: NOW, LOG_LEVEL: 'silent' };
  const lines: Record<Stage, string[]> = { ingest: [], preprocess: [], infer: [] };
  const peaks: Record<Stage, Map<number, number>> = {
    ingest: new Map(),
    preprocess: new Map(),
    infer: new Map(),
  };
  let backend = '';
  try {
    const model = await trainModel(path.join(work, 'model'));
    for (const count of COUNTS) {
      const dir = path.join(work, `store-${count}`);
      try {
        const symbols = assets.slice(0, count).map((a) => a.symbol);
        const runs = {} as Record<Stage, Measure>;
        runs.ingest = await measured(
          [
            path.join(root, 'dist/apps/ingest/main.js'),
            ...['backfill', '--source', 'cryptocompare', '--symbols', symbols.join(',')],
            ...['--from', addDays(TO, -(DAYS - 1)), '--store', dir],
          ],
          { ...env, CRYPTOCOMPARE_BASE_URL: server.url, INGEST_REQUESTS_PER_SECOND: '1000' },
        );
        if (/^(\d+) written/m.exec(runs.ingest.stdout)?.[1] !== String(count)) {
          throw new Error(`expected ${count} raw objects written:\n${runs.ingest.stdout}`);
        }
        runs.preprocess = await measured(
          [path.join(root, 'dist/apps/preprocess/main.js'), '--store', dir, '--json'],
          env,
        );
        const report = JSON.parse(runs.preprocess.stdout) as { symbols: { rows: number }[] };
        const rows = report.symbols.reduce((n, s) => n + s.rows, 0);
        if (rows !== count * DAYS) throw new Error(`expected ${count * DAYS} rows out, got ${rows}`);
        await writeModelVersion(
          new LocalObjectStore(dir),
          modelPrefix('latest'),
          model.files,
          model.metadata,
        );
        // Level info, as the Lambda runs: the job logs the tfjs backend it chose.
        runs.infer = await measured(
          [path.join(root, 'dist/apps/infer/main.js'), 'run', '--store', dir, '--symbols', symbols.join(',')],
          { ...env, LOG_LEVEL: 'info' },
        );
        backend = inferBackend(runs.infer.stderr);
        const out: Record<Stage, string> = {
          ingest: `${count * DAYS} candles`,
          preprocess: `${rows} rows`,
          infer: await inferOut(dir, symbols),
        };
        for (const stage of STAGES) {
          peaks[stage].set(count, runs[stage].peakMb);
          lines[stage].push(line(count, runs[stage], REFERENCE[stage][count], out[stage]));
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
  console.log(
    `N synthetic assets, ${DAYS} days each; node ${process.version}, ${cpus().length} cores; ` +
      `ingest and preprocess use no tfjs; infer's tfjs backend: ${backend}`,
  );
  const header = 'assets  wall time  peak RSS  reference (issue 15)  out';
  const titles: Record<Stage, string> = {
    ingest: 'ingest: backfill from CryptoCompare (loopback), one page per asset',
    preprocess: 'preprocess: first run over the raw objects ingest wrote',
    infer: 'infer: the scheduled job (in-process) with lstm/scale-free promoted, every asset requested',
  };
  for (const stage of STAGES) console.log(`\n${titles[stage]}\n${header}\n${lines[stage].join('\n')}`);
  console.log(`\n${STAGES.map((stage) => verdict(stage, peaks[stage])).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
