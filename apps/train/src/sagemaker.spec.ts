// The SageMaker training-container contract in a temp /opt/ml tree, on the tfjs wasm backend (tfjs-node is not
// installed here): through the entry function, then through the real process (`main.ts train`, SIGTERM).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { modelKinds, readModelMetadata } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { LocalObjectStore } from '@cf/storage';
import { runSageMakerTraining, sageMakerPaths } from './sagemaker';
import { TINY_HYPERPARAMETERS, writeProcessedDatasets } from './test-support/processed-data';

const REPO_ROOT = path.resolve(__dirname, '../../..');

jest.setTimeout(60_000);

describe('SageMaker training contract', () => {
  let smRoot: string;
  beforeEach(async () => {
    smRoot = await mkdtemp(path.join(tmpdir(), 'cf-opt-ml-'));
  });
  afterEach(() => rm(smRoot, { recursive: true, force: true }));

  const paths = () => sageMakerPaths(smRoot);
  async function prepare(hyperparameters: unknown, options: { data?: boolean } = {}): Promise<void> {
    await mkdir(path.dirname(paths().hyperparameters), { recursive: true });
    await writeFile(paths().hyperparameters, JSON.stringify(hyperparameters));
    if (options.data !== false) await writeProcessedDatasets(paths().data, '');
  }
  async function run(signal?: AbortSignal): Promise<number> {
    return runSageMakerTraining({
      smRoot,
      logger: captureLogger().logger,
      clock: () => new Date('2024-02-12T06:30:00Z'),
      kinds: modelKinds(),
      ...(signal === undefined ? {} : { signal }),
    });
  }
  const failure = () => readFile(paths().failure, 'utf8');
  const modelFiles = () => readdir(paths().model).catch(() => [] as string[]);

  it('trains on the train channel and writes the model files straight into model/, with no failure file', async () => {
    await prepare({ ...TINY_HYPERPARAMETERS, seed: '11' });

    const code = await run();

    expect(code).toBe(0);
    expect((await modelFiles()).sort()).toEqual([
      'metadata.json',
      'model.json',
      'scaler.json',
      'weights.bin',
    ]);
    const metadata = await readModelMetadata(new LocalObjectStore(paths().model), '');
    expect(metadata).toMatchObject({
      symbols: ['BTC', 'ETH'],
      model: 'dense/scale-free',
      horizon: 3,
      seed: 11,
      parameters: expect.objectContaining({ window: 8, units: [4, 4] }),
    });
    expect(metadata.evaluation.models.find((m) => m.role === 'persistence')?.scores.overall.ratio).toBe(1);
    await expect(failure()).rejects.toThrow(/ENOENT/);
  });

  it('accepts snake_case keys and values quoted as JSON strings (SageMaker Python SDK style)', async () => {
    const { 'batch-size': batch, 'learning-rate': rate, ...rest } = TINY_HYPERPARAMETERS;
    await prepare({ ...rest, batch_size: batch, learning_rate: rate, symbols: '"ETH"' });

    expect(await run()).toBe(0);
    expect((await readModelMetadata(new LocalObjectStore(paths().model), '')).symbols).toEqual(['ETH']);
  });

  it.each<[string, unknown, RegExp]>([
    [
      'a value that is not a number',
      { epochs: 'ten' },
      /invalid training parameter \(SageMaker hyperparameters\): epochs must be an integer from 1 to 10000, got "ten"/,
    ],
    ['an unknown key', { epoch: '3' }, /unknown parameter 'epoch'/],
    ['a value that is not a string', { epochs: 3 }, /has 'epochs': 3, but every value must be a string/],
    [
      'an out-of-range value',
      { 'validation-fraction': '0.95' },
      /validation-fraction must be a number in \(0, 0\.9\], got "0\.95"/,
    ],
    ['a file that is not an object', ['epochs'], /must hold a JSON object of string values/],
  ])('writes the failure file and exits 2 for %s', async (_case, hyperparameters, reason) => {
    await prepare(hyperparameters);

    const code = await run();

    expect(code).toBe(2);
    expect(await failure()).toMatch(reason);
    expect(await modelFiles()).toEqual([]);
  });

  it('writes the failure file and exits 3 when the train channel is missing or holds no dataset', async () => {
    await prepare(TINY_HYPERPARAMETERS, { data: false });

    expect(await run()).toBe(3);
    expect(await failure()).toMatch(/the training channel folder .*input\/data\/train does not exist/);

    await mkdir(paths().data, { recursive: true });
    await writeFile(path.join(paths().data, 'README.txt'), 'not a dataset');
    expect(await run()).toBe(3);
    expect(await failure()).toMatch(
      /no training dataset under '' in file:.*input\/data\/train: expected symbol=\{SYMBOL\}\/ohlcv\.csv/,
    );
  });

  it("writes 'stopped by SIGTERM' when stopped, and exits non-zero", async () => {
    await prepare(TINY_HYPERPARAMETERS);
    const controller = new AbortController();
    controller.abort(new Error('stopped by SIGTERM'));

    const code = await run(controller.signal);

    expect(code).not.toBe(0);
    expect(await failure()).toBe('stopped by SIGTERM\n');
    expect(await modelFiles()).toEqual([]);
  });

  /** Runs `main.ts train` the way the container does (tsx compiles it), with SM_ROOT moving /opt/ml. */
  function startContainer(): { exit: Promise<number | null>; output: () => string; kill: () => void } {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/train/src/main.ts', 'train'], {
      cwd: REPO_ROOT,
      env: { ...process.env, SM_ROOT: smRoot, TF_BACKEND: 'wasm', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return {
      exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
      output: () => output,
      kill: () => void child.kill('SIGTERM'),
    };
  }

  it('the container process exits non-zero with the failure file for bad hyperparameters', async () => {
    await prepare({ epochs: 'ten' });

    const container = startContainer();

    expect(await container.exit).toBe(2);
    expect(await failure()).toMatch(/epochs must be an integer from 1 to 10000, got "ten"/);
  }, 30_000);

  it('the container process stops cleanly on SIGTERM during the fit', async () => {
    await prepare({ ...TINY_HYPERPARAMETERS, epochs: '10000', patience: '10000' });
    const container = startContainer();
    const deadline = Date.now() + 25_000;
    while (!container.output().includes('"msg":"epoch"') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));

    container.kill();
    const code = await container.exit;

    expect(container.output()).toContain('"msg":"epoch"');
    expect(code).toBe(5);
    expect(await failure()).toBe('stopped by SIGTERM\n');
    expect(await modelFiles()).toEqual([]);
    expect(container.output()).toMatch(/"code":"MODEL_TRAINING_ABORTED"/);
  }, 40_000);
});
