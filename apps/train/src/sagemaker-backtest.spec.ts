// The backtest mode of the SageMaker entry in a temp /opt/ml tree and a temp store, on the tfjs wasm backend.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BacktestReport } from '@cf/forecasting';
import { modelKinds } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { loadConfig } from './config';
import { sageMakerPaths } from './sagemaker';
import { isBacktestJob, runSageMakerBacktest } from './sagemaker-backtest';
import { writeProcessedDatasets } from './test-support/processed-data';

jest.setTimeout(60_000);

describe('SageMaker backtest mode', () => {
  let smRoot: string;
  let storeDir: string;
  beforeEach(async () => {
    smRoot = await mkdtemp(path.join(tmpdir(), 'cf-opt-ml-'));
    storeDir = await mkdtemp(path.join(tmpdir(), 'cf-store-'));
    await writeProcessedDatasets(storeDir);
  });
  afterEach(async () => {
    await rm(smRoot, { recursive: true, force: true });
    await rm(storeDir, { recursive: true, force: true });
  });

  async function prepare(hyperparameters: Record<string, string>): Promise<void> {
    const file = sageMakerPaths(smRoot).hyperparameters;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(hyperparameters));
  }
  async function run(env: Record<string, string>) {
    const capture = captureLogger();
    const code = await runSageMakerBacktest({
      config: loadConfig({ SM_ROOT: smRoot, ...env }),
      logger: capture.logger,
      kinds: modelKinds(),
      backend: async () => 'wasm',
      now: () => performance.now(),
    });
    return { code, lines: capture.lines() };
  }
  const failure = () => readFile(sageMakerPaths(smRoot).failure, 'utf8');

  it('is chosen by mode=backtest only', async () => {
    await prepare({ mode: 'backtest', from: '2023-09-01' });
    const backtest = await isBacktestJob(smRoot);
    await prepare({ epochs: '2' });
    const training = await isBacktestJob(smRoot);
    await writeFile(sageMakerPaths(smRoot).hyperparameters, '{ not json');
    const unreadable = await isBacktestJob(smRoot);

    expect([backtest, training, unreadable]).toEqual([true, false, false]);
  });

  it('runs the backtest the flags describe on STORE_URL and writes backtests/{id}/ there, logging its progress', async () => {
    await prepare({
      mode: 'backtest',
      from: '2023-09-01',
      to: '2023-11-30',
      'refit-every': '30',
      models: 'persistence,drift',
      horizon: '3',
    });

    const { code, lines } = await run({ STORE_URL: `file://${storeDir}` });

    expect(code).toBe(0);
    const ids = await readdir(path.join(storeDir, 'backtests'));
    expect(ids).toHaveLength(1);
    expect((await readdir(path.join(storeDir, 'backtests', ids[0]))).sort()).toEqual([
      'forecasts.csv',
      'report.json',
      'report.md',
    ]);
    const report = JSON.parse(
      await readFile(path.join(storeDir, 'backtests', ids[0], 'report.json'), 'utf8'),
    ) as BacktestReport;
    expect(report.request).toMatchObject({ from: '2023-09-01', to: '2023-11-30', refitEvery: 30 });
    expect(report.request.models).toEqual(['persistence', 'drift']);
    expect(lines.some((l) => l['msg'] === 'SageMaker backtest started')).toBe(true);
    expect(lines.some((l) => String(l['msg']).includes(`backtests/${ids[0]}/`))).toBe(true);
    await expect(failure()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    [{ mode: 'backtest', from: '2023-09-01' }, {}, /set it in the job's Environment/],
    [{ mode: 'backtest' }, { STORE_URL: 'STORE' }, /backtest needs --from DATE/],
    [
      { mode: 'backtest', from: '2023-09-01', epochs: 'ten' },
      { STORE_URL: 'STORE' },
      /--epochs must be an integer from 1 to 10000, got "ten"/,
    ],
    [
      { mode: 'backtest', from: '2023-09-01', store: 's3://elsewhere' },
      { STORE_URL: 'STORE' },
      /'store' is not accepted/,
    ],
  ])('writes why to output/failure and exits non-zero: %j', async (hyperparameters, env, reason) => {
    await prepare(hyperparameters as Record<string, string>);

    const { code } = await run(
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === 'STORE' ? `file://${storeDir}` : v])),
    );

    expect(code).not.toBe(0);
    expect(await failure()).toMatch(reason);
  });
});
