// Test fixtures: real bundled candles written as processed datasets (standard schema), and tiny hyperparameters.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { formatCandlesCsv } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import { DEFAULT_TRAINING_PARAMETERS, type TrainingParameters } from '@cf/forecasting';

/** A year of BTC and most of a year of ETH: a few hundred real candles each. */
export const TEST_RANGES: Readonly<Record<string, { from: string; to: string }>> = {
  BTC: { from: '2023-01-01', to: '2023-12-31' },
  ETH: { from: '2023-03-01', to: '2023-12-31' },
};

/** A network that trains in well under a second on the wasm backend, judged on a short held-out window. */
export const TINY_PARAMETERS: TrainingParameters = {
  ...DEFAULT_TRAINING_PARAMETERS,
  model: 'dense/scale-free',
  units: [4, 4],
  window: 8,
  horizon: 3,
  epochs: 2,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 2,
  evaluationDays: 28,
  evaluationRefitEvery: 28,
};

/** The same as strings, the way the CLI and SageMaker's hyperparameters.json give them. */
export const TINY_HYPERPARAMETERS: Readonly<Record<string, string>> = {
  model: 'dense/scale-free',
  units: '4,4',
  window: '8',
  horizon: '3',
  epochs: '2',
  'batch-size': '32',
  'learning-rate': '0.01',
  patience: '2',
  'evaluation-days': '28',
  'evaluation-refit-every': '28',
};

/** Writes `{dir}/{prefix}symbol={SYM}/ohlcv.csv` for each of {@link TEST_RANGES}; returns the files' text. */
export async function writeProcessedDatasets(
  dir: string,
  prefix = 'processed/daily/',
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [symbol, range] of Object.entries(TEST_RANGES)) {
    const file = path.join(dir, prefix, `symbol=${symbol}`, 'ohlcv.csv');
    files[symbol] = formatCandlesCsv(loadSampleCandles(symbol, range));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, files[symbol]);
  }
  return files;
}
