// Trains on the tfjs wasm backend (tfjs-node is not installed here) with a tiny dense model and real candles.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { initTfBackend, readModelMetadata } from '@cf/model';
import { exitCodeFor } from '@cf/service';
import { captureLogger } from '@cf/service/testing';
import { LocalObjectStore } from '@cf/storage';
import { parseCliArgs, runCli, type CliCommand } from './cli';
import { loadConfig } from './config';
import { InvalidHyperparameterError, UsageError } from './errors';
import { TINY_HYPERPARAMETERS, writeProcessedDatasets } from './test-support/processed-data';

const tinyFlags = Object.entries(TINY_HYPERPARAMETERS).flatMap(([name, value]) => [`--${name}`, value]);

describe('parseCliArgs', () => {
  it('reads run (the default command) with every hyperparameter flag', () => {
    const command = parseCliArgs([
      '--store',
      's3://bucket/p',
      '--symbols',
      'eth,BTC',
      '--epochs',
      '3',
      '--window',
      '20',
      '--horizon',
      '5',
      '--seed',
      '9',
      '--features',
      'price-levels',
      '--architecture',
      'gru',
      '--batch-size',
      '16',
      '--learning-rate',
      '5e-4',
      '--fit-path',
      'stock',
      '--units',
      '8,4',
    ]);

    expect(command).toEqual({
      command: 'run',
      storeUrl: 's3://bucket/p',
      request: expect.objectContaining({
        symbols: ['BTC', 'ETH'],
        epochs: 3,
        window: 20,
        horizon: 5,
        seed: 9,
        featureSet: 'price-levels',
        architecture: 'gru',
        batchSize: 16,
        learningRate: 5e-4,
        fitPath: 'stock',
        units: [8, 4],
        patience: 5,
      }),
    });
    expect(parseCliArgs(['run', '--data-dir', '/d', '--model-dir', '/m'])).toMatchObject({
      dataDir: '/d',
      modelDir: '/m',
    });
    expect(parseCliArgs(['serve', '--port', '0'])).toEqual({ command: 'serve', port: 0 });
    expect(parseCliArgs(['train'])).toEqual({ command: 'train' });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
  });

  it.each<[string[], RegExp]>([
    [['--epochs', 'ten'], /--epochs: 'ten' is not an integer/],
    [['--epochs', '0'], /--epochs must be an integer from 1 to 10000, got 0/],
    [['--learning-rate', 'fast'], /--learning-rate: 'fast' is not a number/],
    [['--features', 'levels'], /--features: 'levels' is not one of scale-free, price-levels/],
    [['--architecture', 'cnn'], /--architecture: 'cnn' is not one of lstm, gru, dense/],
    [['--fit-path', 'gpu'], /--fit-path: 'gpu' is not one of auto, fast, stock/],
    [['--units', '64,x'], /--units: '64,x' is not a comma-separated list of layer widths/],
    [['--symbols', 'BTC,D-OGE'], /--symbols has 'D-OGE', which is not a symbol/],
    [['--horizon', '400'], /--horizon must be an integer from 1 to 365/],
    [['--bogus', '1'], /Unknown option '--bogus'/],
    [['--epochs'], /Option '--epochs <value>' argument missing/],
    [['backtset'], /unknown command 'backtset'/],
    [['run', 'extra'], /unexpected argument 'extra'/],
    [['train', '--epochs', '3'], /--epochs does not apply to 'train'/],
    [['serve', '--epochs', '3'], /--epochs does not apply to 'serve'/],
    [['serve', '--port', '99999'], /--port must be an integer between 0 and 65535/],
    [['--port', '80'], /--port applies to serve only/],
  ])('refuses %j with exit code 2 and a message naming the flag', (argv, message) => {
    let thrown: unknown;
    try {
      parseCliArgs(argv);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(Error);
    expect(thrown instanceof UsageError || thrown instanceof InvalidHyperparameterError).toBe(true);
    expect((thrown as Error).message).toMatch(message);
    expect(exitCodeFor(thrown)).toBe(2);
  });
});

describe('runCli', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cf-train-cli-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const deps = (out: string[]) => ({
    config: loadConfig({}),
    logger: captureLogger().logger,
    clock: () => new Date('2024-02-12T06:30:00Z'),
    out: (text: string) => void out.push(text),
    initBackend: () => initTfBackend(),
  });

  it('trains on the store, prints a progress line per epoch and the test table next to persistence', async () => {
    const storeDir = path.join(dir, 'store');
    await writeProcessedDatasets(storeDir);
    const out: string[] = [];
    const command = parseCliArgs(['--store', storeDir, ...tinyFlags]) as Extract<
      CliCommand,
      { command: 'run' }
    >;

    const code = await runCli(command, deps(out));

    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toMatch(
      /^training dense on 'scale-free' features of all symbols from file:\/\/.*window 8, horizon 3/,
    );
    expect(text).toMatch(
      /epoch 1\/2 {2}loss \d+\.\d{5} {2}val_loss \d+\.\d{5} {2}[\d.]+ s\/epoch {2}\d+ samples\/s {2}backend wasm {2}path stock\n/,
    );
    const version =
      /model version (\d{8}T\d{6}Z-[0-9a-f]{8}) written to file:\/\/.*\/models\/\1\/ \(not promoted\)/.exec(
        text,
      )?.[1];
    expect(version).toBeDefined();
    const metadata = await readModelMetadata(new LocalObjectStore(storeDir), `models/${version}/`);
    const btc = metadata.test.bySymbol['BTC'];
    const line = text.split('\n').find((l) => l.startsWith('BTC '));
    expect(line?.trim().split(/\s+/)).toEqual([
      'BTC',
      String(btc.model.points / 3),
      btc.model.mae.toFixed(2),
      btc.persistence.mae.toFixed(2),
      btc.model.maeRatioToPersistence.toFixed(3),
      btc.model.directionalAccuracy.toFixed(3),
      btc.persistence.directionalAccuracy.toFixed(3),
      btc.model.dieboldMariano?.pValue.toFixed(3) ?? 'n/a',
    ]);
    expect(text).toMatch(/\npooled +\d+ /);
  });

  it('reads a plain data folder in the SageMaker channel layout and writes the files into a model folder', async () => {
    const dataDir = path.join(dir, 'channel');
    const modelDir = path.join(dir, 'model');
    await writeProcessedDatasets(dataDir, '');
    const out: string[] = [];
    const command = parseCliArgs([
      '--data-dir',
      dataDir,
      '--model-dir',
      modelDir,
      '--symbols',
      'ETH',
      ...tinyFlags,
    ]);

    await runCli(command as Extract<CliCommand, { command: 'run' }>, deps(out));

    expect((await readdir(modelDir)).sort()).toEqual([
      'metadata.json',
      'model.json',
      'scaler.json',
      'weights.bin',
    ]);
    expect((await readModelMetadata(new LocalObjectStore(modelDir), '')).symbols).toEqual(['ETH']);
    expect(out.join('')).toContain(`written to file://${modelDir}/ (not promoted)`);
  });

  it('fails with exit code 3 naming the missing dataset', async () => {
    await writeProcessedDatasets(dir);
    const command = parseCliArgs(['--store', dir, '--symbols', 'SOL', ...tinyFlags]);

    const run = runCli(command as Extract<CliCommand, { command: 'run' }>, deps([]));

    await expect(run).rejects.toThrow(/processed\/daily\/symbol=SOL\/ohlcv\.csv/);
    expect(exitCodeFor(await run.catch((e: unknown) => e))).toBe(3);
  });
});
