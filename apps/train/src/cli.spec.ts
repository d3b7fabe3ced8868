// Trains on real candles with tiny settings; networks run on the tfjs wasm backend (tfjs-node is not installed here).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DEFAULT_TRAINING_PARAMETERS, InvalidParametersError } from '@cf/forecasting';
import { modelKinds, readModelMetadata } from '@cf/model';
import { exitCodeFor } from '@cf/service';
import { captureLogger } from '@cf/service/testing';
import { LocalObjectStore } from '@cf/storage';
import { parseCliArgs, runCli, usage, type CliCommand } from './cli';
import { loadConfig } from './config';
import { UsageError } from './errors';
import { TINY_HYPERPARAMETERS, writeProcessedDatasets } from './test-support/processed-data';

jest.setTimeout(60_000);

const kinds = modelKinds();
const tinyFlags = (model: string) =>
  Object.entries({ ...TINY_HYPERPARAMETERS, model }).flatMap(([name, value]) => [`--${name}`, value]);
type Run = Extract<CliCommand, { command: 'run' }>;

describe('parseCliArgs', () => {
  it('reads run (the default command) with parameter flags derived from the one table', () => {
    const command = parseCliArgs(
      [
        '--store',
        's3://bucket/p',
        '--symbols',
        'ETH,BTC',
        '--epochs',
        '3',
        '--window',
        '20',
        '--horizon',
        '5',
        '--seed',
        '9',
        '--model',
        'gru/price-levels',
        '--batch-size',
        '16',
        '--learning-rate',
        '5e-4',
        '--fit-path',
        'stock',
        '--units',
        '8,4',
        '--cutoff',
        '2024-01-12',
      ],
      kinds,
    );

    expect(command).toEqual({
      command: 'run',
      storeUrl: 's3://bucket/p',
      cutoff: '2024-01-12',
      parameters: {
        ...DEFAULT_TRAINING_PARAMETERS,
        model: 'gru/price-levels',
        symbols: ['BTC', 'ETH'],
        epochs: 3,
        window: 20,
        horizon: 5,
        seed: 9,
        batchSize: 16,
        learningRate: 5e-4,
        fitPath: 'stock',
        units: [8, 4],
      },
    });
    expect(parseCliArgs(['run', '--data-dir', '/d', '--model-dir', '/m'], kinds)).toMatchObject({
      dataDir: '/d',
      modelDir: '/m',
    });
    expect(parseCliArgs(['serve', '--port', '0'], kinds)).toEqual({ command: 'serve', port: 0 });
    expect(parseCliArgs(['train'], kinds)).toEqual({ command: 'train' });
    expect(parseCliArgs(['--help'], kinds)).toEqual({ command: 'help' });
    expect(usage()).toMatch(/--batch-size N +windows per gradient step \(default 64\)/);
  });

  it('reports every bad parameter at once, each named by its flag, with exit code 2', () => {
    let thrown: unknown;
    try {
      parseCliArgs(['--epochs', 'ten', '--horizon', '400', '--model', 'arima', '--units', '64,x'], kinds);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidParametersError);
    expect((thrown as InvalidParametersError).problems).toEqual([
      '--horizon must be an integer from 1 to 365, got "400"',
      '--units must list 1 to 8 integers from 1 to 4096, got "64,x"',
      '--epochs must be an integer from 1 to 10000, got "ten"',
      expect.stringMatching(
        /^--model names an unknown model 'arima': 'arima' is not a point kind\. Point kinds: persistence, drift, ridge, lstm/,
      ),
    ]);
    expect(exitCodeFor(thrown)).toBe(2);
  });

  it.each<[string[], RegExp]>([
    [['--bogus', '1'], /Unknown option '--bogus'/],
    [['--epochs'], /Option '--epochs <value>' argument missing/],
    [['backtset'], /unknown command 'backtset'/],
    [['run', 'extra'], /unexpected argument 'extra'/],
    [['train', '--epochs', '3'], /--epochs does not apply to 'train'/],
    [['serve', '--epochs', '3'], /--epochs does not apply to 'serve'/],
    [['serve', '--port', '99999'], /--port must be an integer between 0 and 65535/],
    [['--port', '80'], /--port applies to serve only/],
    [['--cutoff', '2024-1-12'], /--cutoff must be a day YYYY-MM-DD, got '2024-1-12'/],
  ])('refuses %j with exit code 2 and a message naming the flag', (argv, message) => {
    const attempt = () => parseCliArgs(argv, kinds);

    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
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
    kinds,
    logger: captureLogger().logger,
    clock: () => new Date('2024-01-01T06:30:00Z'),
    out: (text: string) => void out.push(text),
  });

  it('trains on the store up to the clock, prints the held-out evaluation next to the baselines, writes a version', async () => {
    const storeDir = path.join(dir, 'store');
    await writeProcessedDatasets(storeDir);
    const out: string[] = [];

    const code = await runCli(
      parseCliArgs(['--store', storeDir, ...tinyFlags('ridge')], kinds) as Run,
      deps(out),
    );

    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toMatch(
      /^training ridge on all symbols from file:\/\/.* through 2023-12-31: horizon 3, held-out walk-forward over the last 28 days/,
    );
    const version =
      /model version (\d{8}T\d{6}Z-[0-9a-f]{8}) \(ridge\) written to file:\/\/.*\/models\/\1\/ \(not promoted\)/.exec(
        text,
      )?.[1];
    expect(version).toBeDefined();
    const metadata = await readModelMetadata(new LocalObjectStore(storeDir), `models/${version}/`);
    expect(metadata.data.trainedThrough).toBe('2023-12-31');
    expect(text).toContain(
      `published fit: refitted on all data through 2023-12-31 with penalty ${metadata.fit.chosen.penalty}`,
    );
    const candidate = metadata.evaluation.models[0].scores;
    const line = text.split('\n').find((l) => l.startsWith('candidate '));
    expect(line?.trim().split(/\s+/)).toEqual([
      'candidate',
      'ridge',
      candidate.overall.ratio?.toFixed(4),
      candidate.bySymbol['BTC'].overall.ratio?.toFixed(4),
      candidate.bySymbol['ETH'].overall.ratio?.toFixed(4),
      candidate.overall.directionalAccuracy.toFixed(3),
      expect.stringMatching(/^(<0\.001|\d\.\d{3}|n\/a)$/),
    ]);
    expect(text).toMatch(/\npersistence +persistence +1\.0000 +1\.0000 +1\.0000 /);
  });

  it('trains a network, printing a line per epoch of its published refit, into a plain model folder', async () => {
    const dataDir = path.join(dir, 'channel');
    const modelDir = path.join(dir, 'model');
    await writeProcessedDatasets(dataDir, '');
    const out: string[] = [];
    const command = parseCliArgs(
      ['--data-dir', dataDir, '--model-dir', modelDir, '--symbols', 'ETH', ...tinyFlags('dense/scale-free')],
      kinds,
    );

    await runCli(command as Run, deps(out));

    expect((await readdir(modelDir)).sort()).toEqual([
      'metadata.json',
      'model.json',
      'scaler.json',
      'weights.bin',
    ]);
    const metadata = await readModelMetadata(new LocalObjectStore(modelDir), '');
    expect(metadata.symbols).toEqual(['ETH']);
    expect(out.join('')).toMatch(/epoch 1\/\d+ {2}loss \d+\.\d{5} {2}no validation \(refit\) {2}/);
    expect(out.join('')).toContain(`written to file://${modelDir}/ (not promoted)`);
  });

  it('fails with exit code 3 naming the missing dataset', async () => {
    await writeProcessedDatasets(dir);
    const command = parseCliArgs(['--store', dir, '--symbols', 'SOL', ...tinyFlags('ridge')], kinds);

    const run = runCli(command as Run, deps([]));

    await expect(run).rejects.toThrow(/processed\/daily\/symbol=SOL\/ohlcv\.csv/);
    expect(exitCodeFor(await run.catch((e: unknown) => e))).toBe(3);
  });
});
