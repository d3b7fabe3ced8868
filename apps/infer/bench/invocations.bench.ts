// /invocations latency and throughput of the SageMaker endpoint, and its cold start. Run with
// `npm run bench -- infer`. It builds the app, trains a default-size model (window 60, LSTM 64 -> 32 ->
// Dense 64 -> 7, one epoch on BTC: latency does not depend on how well it is trained), spawns the BUILT
// entry `node dist/apps/infer/main.js serve` as its own process (as the SageMaker image runs it), times
// process start -> first answered /invocations, then loads it with autocannon (its own process) on 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { initTfBackend, trainForecaster } from '@cf/model';
import { createLogger } from '@cf/service';
import { LocalObjectStore, processedDatasetKey } from '@cf/storage';
import { formatCandlesCsv } from '@cf/ohlcv';
import { formatInvocationJson } from '../src/forecast/invocation-payload';
import { FORECAST_HISTORY_DAYS } from '../src/forecast/forecast-series';

const CONNECTIONS = 8;
const DURATION_SECONDS = 10;
const root = path.resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'cf-infer-bench-'));
  let server: ChildProcess | undefined;
  try {
    build();
    const modelDir = path.join(work, 'model');
    const trainedOn = await trainModel(work, modelDir);
    const body = formatInvocationJson(
      new Map([['BTC', loadSampleCandles('BTC').slice(-FORECAST_HISTORY_DAYS)]]),
    );
    const bodyFile = path.join(work, 'body.json');
    await writeFile(bodyFile, body);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;

    const started = performance.now();
    const spawned = startServe(modelDir, port);
    server = spawned.child;
    await firstAnswer(url, body);
    const coldStartMs = performance.now() - started;

    const result = runAutocannon(url, bodyFile);
    const backend = spawned.backend() ?? 'unknown';
    const errors = result.errors + result.non2xx;

    console.log(`tfjs backend (server): ${backend}`);
    console.log(
      `model: window 60, LSTM 64 -> 32 -> Dense 64 -> 7, features scale-free, 1 epoch on ${trainedOn}`,
    );
    console.log(
      `payload: one symbol, ${FORECAST_HISTORY_DAYS} candles as JSON (${(body.length / 1024).toFixed(1)} KiB), what the job sends per symbol`,
    );
    console.log(`load: autocannon, ${CONNECTIONS} connections, ${DURATION_SECONDS} s, 127.0.0.1`);
    console.log(
      `cold start (spawn of node main.js serve -> first 200 from /invocations): ${coldStartMs.toFixed(0)} ms`,
    );
    console.log(
      `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms (mean ${result.latency.average.toFixed(1)} ms, max ${result.latency.max} ms)`,
    );
    console.log(
      `throughput: ${result.requests.average.toFixed(1)} requests/s (${result.requests.total} requests, ${errors} errors or non-2xx)`,
    );
    console.log(
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (shared: other work skews these figures)`,
    );
    if (errors > 0) process.exitCode = 1;
  } finally {
    if (server !== undefined) await stop(server);
    await rm(work, { recursive: true, force: true });
  }
}

function build(): void {
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'nx'),
    ['run', 'infer:build', '--outputStyle=static'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_NO_CLOUD: 'true' },
    },
  );
  if (result.status !== 0) throw new Error(`building infer failed:\n${result.stdout}\n${result.stderr}`);
}

async function trainModel(work: string, modelDir: string): Promise<string> {
  const { tf, name } = await initTfBackend();
  const data = new LocalObjectStore(path.join(work, 'store'));
  const candles = loadSampleCandles('BTC', { from: '2021-01-01' });
  await data.put(processedDatasetKey('BTC'), formatCandlesCsv(candles));
  await trainForecaster(
    {
      tf,
      backend: name,
      logger: createLogger({ name: 'infer-bench', level: 'silent' }),
      clock: () => new Date('2024-02-12T06:00:00Z'),
    },
    { symbols: ['BTC'], epochs: 1, window: 60, horizon: 7 },
    {
      data: { store: data, prefix: 'processed/daily/' },
      output: { store: new LocalObjectStore(modelDir), prefix: '' },
    },
  );
  return `BTC ${candles[0].date}..${candles[candles.length - 1].date} (trained on ${name})`;
}

function startServe(modelDir: string, port: number): { child: ChildProcess; backend(): string | undefined } {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'apps', 'infer', 'main.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, MODEL_DIR: modelDir, SAGEMAKER_BIND_TO_PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let backend: string | undefined;
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = line.startsWith('{')
        ? (JSON.parse(line) as { msg?: string; backend?: string; note?: string })
        : {};
      if (parsed.msg?.startsWith('tfjs backend') && parsed.backend)
        backend = `${parsed.backend} (${parsed.note ?? ''})`;
    }
  });
  return { child, backend: () => backend };
}

async function firstAnswer(url: string, body: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(`${url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('serve did not answer /invocations within 60 s');
}

interface AutocannonResult {
  readonly latency: {
    readonly p50: number;
    readonly p99: number;
    readonly average: number;
    readonly max: number;
  };
  readonly requests: { readonly average: number; readonly total: number };
  readonly errors: number;
  readonly non2xx: number;
}

function runAutocannon(url: string, bodyFile: string): AutocannonResult {
  const result = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'autocannon', 'autocannon.js'),
      '-c',
      String(CONNECTIONS),
      '-d',
      String(DURATION_SECONDS),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-i',
      bodyFile,
      '--json',
      `${url}/invocations`,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`autocannon failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as AutocannonResult;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
