// `/invocations` latency of the SageMaker endpoint with one client and under 50 connections, and `/ping`
// while it is loaded: the figures of issue 15, each beside its reference. Run with
// `npm run bench -- invocations` (INVOCATIONS_BENCH_SECONDS: seconds of each load, default 30;
// INVOCATIONS_BENCH_CPU_PROF=dir: write a CPU profile of each server there, to see where the time goes).
//
// For each of `lstm/scale-free` (the default network recipe at the parameter table's default sizes: window 60,
// LSTM 64 -> 32 -> Dense 64 -> 7; INVOCATIONS_BENCH_EPOCHS epochs, default 1, since speed does not depend on the
// weights), `ridge` and `persistence`, it trains a real model version on the five bundled assets
// (`writeModelVersionFixture`), copies it into a model folder, and spawns the BUILT endpoint
// `node dist/apps/infer/main.js serve` on a free loopback port with the production defaults (log level info,
// one line per request). The request is what `/ping` says a caller should send: the five bundled assets with
// exactly `historyDays` candles each, as JSON. Loads (autocannon, its own process, `load-client.ts`):
// 1 connection, then 50 connections, each for 30 s, 10 s timeout; during the second a poller here asks
// `/ping` on a new connection every 20 ms, as a health check would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_TRAINING_PARAMETERS } from '@cf/forecasting';
import { readModelVersion, writeModelVersion, type ModelMetadata } from '@cf/model';
import { writeModelVersionFixture } from '@cf/model/testing';
import { loadSampleCandles, SAMPLE_SYMBOLS } from '@cf/ohlcv/testing';
import { LocalObjectStore } from '@cf/storage';
import { formatInvocationJson } from '../src/forecast/invocation-payload';
import { failures, MANY, report, TIMEOUT_SECONDS, type Ping, type RecipeRun } from './invocations-report';
import type { LoadOptions, LoadResult } from './load-client';

const root = path.resolve(__dirname, '../../..');
const RECIPES = ['lstm/scale-free', 'ridge', 'persistence'] as const;
const SECONDS = Number(process.env['INVOCATIONS_BENCH_SECONDS'] ?? 30);
const EPOCHS = Number(process.env['INVOCATIONS_BENCH_EPOCHS'] ?? 1);
const PING_EVERY_MS = 20;
const PING_GIVE_UP_MS = 60_000;

function build(): void {
  const result = spawnSync(
    path.join(root, 'node_modules', '.bin', 'nx'),
    ['run', 'infer:build', '--outputStyle=static'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NX_NO_CLOUD: 'true' } },
  );
  if (result.status !== 0) throw new Error(`building infer failed:\n${result.stdout}\n${result.stderr}`);
}

/** Trains a real version of `recipe` at the default sizes and copies it into the plain folder `modelDir`. */
async function trainVersion(work: string, recipe: string, modelDir: string): Promise<ModelMetadata> {
  const store = new LocalObjectStore(path.join(work, `train-${recipe.replace(/\W/g, '-')}`));
  const { prefix } = await writeModelVersionFixture(store, {
    model: recipe,
    symbols: SAMPLE_SYMBOLS,
    from: '2020-01-01',
    parameters: { ...DEFAULT_TRAINING_PARAMETERS, epochs: EPOCHS },
  });
  const { files, metadata } = await readModelVersion(store, prefix);
  return writeModelVersion(new LocalObjectStore(modelDir), '', files, metadata);
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

/** One GET on a new connection (as a health check makes it); `ok` is a 200 within the give-up time. */
function ping(url: string): Promise<Ping> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = get(`${url}/ping`, { agent: false, timeout: PING_GIVE_UP_MS }, (response) => {
      response.resume();
      response.on('end', () => resolve({ ok: response.statusCode === 200, ms: performance.now() - started }));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve({ ok: false, ms: performance.now() - started }));
  });
}

async function waitReady(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${tail(log)}`);
    if ((await ping(url)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`serve did not answer /ping within 120 s:\n${tail(log)}`);
}

function tail(file: string): string {
  return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
}

/** The tfjs backend the server logged (`tfjs backend: wasm`), or why there is none. */
function serverBackend(log: string): string {
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.includes('"tfjs backend')) continue;
    const entry = JSON.parse(line) as { backend: string; note?: string };
    return `${entry.backend} (${entry.note ?? ''})`;
  }
  return 'none (this kind does not load tfjs)';
}

/** Checks one answer the way a caller would: 200, a forecast per asset in order, finite prices per day. */
async function checkAnswer(url: string, body: string, metadata: ModelMetadata): Promise<void> {
  const response = await fetch(`${url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`/invocations answered ${response.status}: ${text}`);
  const { forecasts } = JSON.parse(text) as {
    forecasts: { symbol: string; steps: { predictedClose: number }[] }[];
  };
  const symbols = forecasts.map((f) => f.symbol).join(',');
  const good = forecasts.every(
    (f) => f.steps.length === metadata.horizon && f.steps.every((s) => Number.isFinite(s.predictedClose)),
  );
  if (symbols !== SAMPLE_SYMBOLS.join(',') || !good) {
    throw new Error(`/invocations answered something else than ${SAMPLE_SYMBOLS.length} forecasts: ${text}`);
  }
}

function load(options: LoadOptions): Promise<LoadResult> {
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    [path.join(__dirname, 'load-client.ts'), JSON.stringify(options)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the load client failed (${code})`));
      else resolve(JSON.parse(out) as LoadResult);
    });
  });
}

/** Asks `/ping` every PING_EVERY_MS (after the previous answer) until `stop` resolves. */
async function pollPing(url: string, stop: Promise<unknown>): Promise<Ping[]> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const pings: Ping[] = [];
  while (!stopped) {
    pings.push(await ping(url));
    await new Promise((resolve) => setTimeout(resolve, PING_EVERY_MS));
  }
  return pings;
}

/** Node flags that write a CPU profile of the server into INVOCATIONS_BENCH_CPU_PROF, when it is set. */
function profile(slug: string): string[] {
  const dir = process.env['INVOCATIONS_BENCH_CPU_PROF'];
  if (dir === undefined || dir === '') return [];
  return ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`, `--cpu-prof-name=serve-${slug}.cpuprofile`];
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function measure(work: string, recipe: string): Promise<RecipeRun> {
  const slug = recipe.replace(/\W/g, '-');
  const modelDir = path.join(work, `model-${slug}`);
  const metadata = await trainVersion(work, recipe, modelDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = path.join(work, `serve-${slug}.log`);
  const fd = openSync(log, 'w');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...profile(slug), path.join(root, 'dist/apps/infer/main.js'), 'serve'],
    {
      cwd: root,
      env: { ...process.env, MODEL_DIR: modelDir, SAGEMAKER_BIND_TO_PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', fd, fd],
    },
  );
  try {
    await waitReady(url, child, log);
    const coldStartMs = performance.now() - started;
    const stated = (await (await fetch(`${url}/ping`)).json()) as { historyDays: number };
    const body = formatInvocationJson(
      new Map(SAMPLE_SYMBOLS.map((s) => [s, loadSampleCandles(s).slice(-stated.historyDays)])),
    );
    const bodyFile = path.join(work, `body-${slug}.json`);
    await writeFile(bodyFile, body);
    await checkAnswer(url, body, metadata);
    for (let i = 0; i < 200; i++) await checkAnswer(url, body, metadata);
    const base = {
      url: `${url}/invocations`,
      seconds: SECONDS,
      bodyFile,
      expectPrefix: '{"forecasts":[',
      timeoutSeconds: TIMEOUT_SECONDS,
    };
    const one = await load({ ...base, connections: 1 });
    const heavy = load({ ...base, connections: MANY });
    const pings = await pollPing(url, heavy);
    const many = await heavy;
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${tail(log)}`);
    return {
      recipe,
      metadata,
      backend: serverBackend(log),
      coldStartMs,
      bodyBytes: Buffer.byteLength(body),
      one,
      many,
      pings,
    };
  } finally {
    await stop(child);
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  build();
  const work = await mkdtemp(path.join(tmpdir(), 'cf-invocations-bench-'));
  const problems: string[] = [];
  try {
    console.log(
      `node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at start (shared machine); loads of ${SECONDS} s by autocannon on 127.0.0.1; ` +
        `networks trained ${EPOCHS} epoch(s) at the default sizes (latency does not depend on the weights)`,
    );
    for (const recipe of RECIPES) {
      const run = await measure(work, recipe);
      report(run);
      problems.push(...failures(run).map((p) => `${recipe}: ${p}`));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`\nfunctional failures:\n${problems.join('\n')}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
