import { spawnSync } from 'node:child_process';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TRAINING_PARAMETERS } from '@cf/forecasting';
import type { ModelMetadata } from '@cf/model';
import type { Forecast } from '@cf/ohlcv';
import {
  getJson,
  LATEST_MODEL_VERSION,
  latestPredictionKey,
  listAll,
  modelKey,
  openStore,
} from '@cf/storage';
import { planDemo, runInstantAfter } from './demo-plan';
import { DemoStoreError, prepareDemoStore } from './demo-store';
import { PipelineStepError, runApp, type AppRun } from './run-app';
import { formatSummary, type LiveModelStatus } from './summary';

// `npm start`: the whole system end to end on the embedded store, offline, over the bundled real data.
// Each stage runs an app's built CLI exactly as an operator would; apps never call each other.

const root = resolve(__dirname, '..', '..', '..');
const SAMPLE_LAST_DAY = '2024-02-11';
/** The network the demo also trains, to show the gate judging it against what is live. */
const DEMO_NETWORK = 'lstm/scale-free+garch';
const DEMO_TRAIN_ARGS = ['--epochs', '8'];

const { values } = parseArgs({
  options: {
    'replay-days': { type: 'string', default: '30' },
    epochs: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(`usage: npm start [-- --replay-days N] [--epochs N]

Runs ingest (bundled CSV) -> preprocess -> train the default recipe -> promotion through the gate -> infer, trains
a network candidate and lets the gate judge it, then replays the last N bundled days one at a time as production
runs them (ingest, preprocess, infer, then the monitor's daily cycle: evaluation, calibration of the ranges,
alerts, retraining, promotion, dashboard), on a clock set to each day. Store: STORE_URL (a local folder), default ./data; it must be empty or an
earlier demo's.`);
  process.exit(0);
}

const storeUrl = process.env.STORE_URL ?? './data';
const storeDir = storeUrl.startsWith('file://') ? new URL(storeUrl).pathname : storeUrl;
const trainArgs = values.epochs === undefined ? DEMO_TRAIN_ARGS : ['--epochs', values.epochs];
const plan = planDemo(SAMPLE_LAST_DAY, Number(values['replay-days']));
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  STORE_URL: storeUrl,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  INGEST_CSV_DIR: join(root, 'sample-data', 'yahoo'),
  MONITOR_TRAIN_EPOCHS: trainArgs[1],
};

let stageNumber = 0;
const STAGES = 7;
const started = Date.now();

function stage(title: string): void {
  stageNumber += 1;
  console.log(`\n[${stageNumber}/${STAGES}] ${title}`);
}

async function step(run: AppRun, note?: string): Promise<string> {
  const result = await runApp(root, run, baseEnv);
  console.log(`    ${note ?? `${run.app} ${run.args.join(' ')}`}  (${result.seconds.toFixed(1)} s)`);
  return result.stdout;
}

/** Runs `monitor promote` for a version and prints what the gate decided. */
async function promote(version: string, at: string): Promise<void> {
  const out = await step({ app: 'monitor', args: ['promote', '--version', version], env: { CLOCK_NOW: at } });
  for (const line of out.trimEnd().split('\n')) console.log(`      ${line}`);
}

/** What happened in a daily cycle worth a mention on the day's line: retraining, promotion, alerts. */
function cycleEvents(report: string): string {
  const line = (name: string) => report.split('\n').find((l) => l.startsWith(`${name}: `)) ?? '';
  const events: string[] = [];
  const retrain = /-> (succeeded|failed)( \S+)?$/.exec(line('retraining'));
  if (retrain) events.push(`retrained (${retrain[1]})`);
  const promotion = /^promotion: (\S+) \((\S+)\) (promoted|refused)/.exec(line('promotion'));
  if (promotion) events.push(`${promotion[2]} ${promotion[3]}`);
  const alerts = Number(line('alerts').slice('alerts: '.length));
  if (alerts > 0) events.push(`${alerts} alert(s)`);
  return events.length === 0 ? '' : `  ${events.join(', ')}`;
}

/** Every model version in the store (not `latest`), sorted: ids start with their creation time. */
async function listModelVersions(): Promise<string[]> {
  const store = openStore(storeUrl);
  const versions = new Set(
    (await listAll(store, 'models/'))
      .map((o) => o.key.split('/')[1])
      .filter((v) => v !== LATEST_MODEL_VERSION),
  );
  return [...versions].sort();
}

async function main(): Promise<void> {
  if (storeUrl.startsWith('s3://')) {
    throw new DemoStoreError(
      'npm start replays bundled history into a local store; for S3 and the real APIs, follow "Live mode" in the README.',
    );
  }
  const dir = isAbsolute(storeDir) ? storeDir : resolve(process.cwd(), storeDir);
  console.log(
    `crypto-forecast demo: store ${dir} (${prepareDemoStore(dir)}), bundled data up to ${plan.lastDay}`,
  );
  console.log(
    `first model sees data up to ${plan.cutoff}; ${plan.replayDays.length} days after it are replayed one by one`,
  );
  const d = DEFAULT_TRAINING_PARAMETERS;
  console.log(
    `demo parameters: the table's defaults (model ${d.model}, horizon ${d.horizon}, held-out walk-forward over ` +
      `${d.evaluationDays} days refitted every ${d.evaluationRefitEvery}); the network candidate ${DEMO_NETWORK} with ` +
      `${trainArgs.join(' ')} (window ${d.window}, units ${d.units?.join(',') ?? "the network's default"}); full-size defaults stay for real runs`,
  );

  stage('build every service (Nx, cached)');
  const nx = join(root, 'node_modules', '.bin', 'nx');
  const build = spawnSync(
    nx,
    ['run-many', '-t', 'build', '-p', 'ingest,preprocess,train,infer,monitor', '--outputStyle=static'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_NO_CLOUD: 'true' },
    },
  );
  if (build.status !== 0)
    throw new PipelineStepError('nx run-many -t build', build.status, build.stdout + build.stderr);
  console.log('    ingest, preprocess, train, infer, monitor built into dist/apps/');

  const firstRun = runInstantAfter(plan.cutoff, 30);
  stage(`ingest the bundled history up to ${plan.cutoff}, then preprocess it`);
  await step(
    {
      app: 'ingest',
      args: ['backfill', '--source', 'csv', '--to', plan.cutoff],
      env: { CLOCK_NOW: firstRun },
    },
    `ingest backfill --source csv --to ${plan.cutoff}`,
  );
  await step({ app: 'preprocess', args: [], env: { CLOCK_NOW: firstRun } }, 'preprocess');

  stage(
    `train ${d.model}: judged on held-out walk-forward origins next to persistence, drift and the naive ranges`,
  );
  await step({ app: 'train', args: [], env: { CLOCK_NOW: firstRun }, live: true }, 'train');
  const [firstVersion] = await listModelVersions();
  if (firstVersion === undefined) throw new Error('train finished but wrote no model version');

  stage(`promote ${firstVersion} through the gate (nothing worse than persistence goes live), then forecast`);
  await promote(firstVersion, firstRun);
  await step(
    { app: 'infer', args: ['run'], env: { CLOCK_NOW: firstRun } },
    `infer run (forecasts from ${plan.cutoff})`,
  );

  stage(`train the network ${DEMO_NETWORK} and let the gate judge it against the live model`);
  const before = new Set(await listModelVersions());
  await step(
    { app: 'train', args: ['--model', DEMO_NETWORK, ...trainArgs], env: { CLOCK_NOW: firstRun }, live: true },
    `train --model ${DEMO_NETWORK} ${trainArgs.join(' ')}`,
  );
  const [network] = (await listModelVersions()).filter((v) => !before.has(v));
  if (network === undefined) throw new Error('train finished but wrote no model version');
  await promote(network, firstRun);

  stage(
    `replay ${plan.replayDays.length} days as production runs them: ingest (daily, 3-day overlap), preprocess, infer, monitor run`,
  );
  let lastCycle = '';
  for (const [i, day] of plan.replayDays.entries()) {
    const env = { CLOCK_NOW: runInstantAfter(day, 30) };
    const t0 = Date.now();
    await runApp(root, { app: 'ingest', args: ['daily', '--source', 'csv'], env }, baseEnv);
    await runApp(root, { app: 'preprocess', args: [], env }, baseEnv);
    await runApp(root, { app: 'infer', args: ['run'], env }, baseEnv);
    // The cycle's report lists its alerts; their JSON log lines would repeat them.
    lastCycle = (
      await runApp(root, { app: 'monitor', args: ['run'], env: { ...env, LOG_LEVEL: 'error' } }, baseEnv)
    ).stdout;
    const events = cycleEvents(lastCycle);
    console.log(
      `    ${day}  (${i + 1}/${plan.replayDays.length}, ${((Date.now() - t0) / 1000).toFixed(1)} s)${events}`,
    );
  }
  console.log('    the last daily cycle:');
  for (const line of lastCycle.trimEnd().split('\n')) console.log(`      ${line}`);

  const lastRun = runInstantAfter(plan.lastDay, 120);
  stage('summary');
  const store = openStore(storeUrl);
  const metadata = await getJson<ModelMetadata>(store, modelKey(LATEST_MODEL_VERSION, 'metadata.json'));
  const forecasts = (await getJson<Forecast[]>(store, latestPredictionKey('latest_all.json'))) ?? [];
  if (metadata === undefined) throw new Error('no model is promoted at the end of the pipeline');
  const status = JSON.parse(
    (await runApp(root, { app: 'monitor', args: ['status', '--json'], env: { CLOCK_NOW: lastRun } }, baseEnv))
      .stdout,
  ) as { promoted: LiveModelStatus | null };
  console.log('');
  console.log(formatSummary(metadata, status.promoted, forecasts));
  console.log('');
  console.log(`dashboard: ${join(dir, 'monitoring', 'dashboard', 'index.html')}`);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  if (error instanceof PipelineStepError) {
    console.error(`\n${error.message}; its output:\n${error.output}`);
  } else {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
