import { DEFAULT_TRAINING_PARAMETERS, type ModelKind, type TrainingParameters } from '@cf/forecasting';
import { formatCandlesCsv, type Candle, type IsoDay } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { ObjectStore } from '@cf/storage';
import { trainingDatasetKey } from '../data/datasets';
import { modelKinds } from '../registry';
import { trainModel, type LiveModelRef, type TrainResult } from '../training/train-model';

/** Small, fast training parameters for tests: a network trains in about a second on wasm. */
export const TINY_PARAMETERS: Partial<TrainingParameters> = Object.freeze({
  window: 8,
  horizon: 3,
  units: [6, 4],
  epochs: 2,
  batchSize: 32,
  learningRate: 1e-2,
  patience: 2,
  evaluationDays: 28,
  evaluationRefitEvery: 28,
  lags: 5,
});

/** Writes each series as a processed dataset (`processed/daily/symbol={SYM}/ohlcv.csv`, the standard schema). */
export async function writeDatasets(
  store: ObjectStore,
  series: Readonly<Record<string, readonly Candle[]>>,
  prefix = 'processed/daily/',
): Promise<void> {
  for (const [symbol, candles] of Object.entries(series)) {
    await store.put(trainingDatasetKey(prefix, symbol), formatCandlesCsv(candles), {
      contentType: 'text/csv',
    });
  }
}

/** Writes bundled sample candles as processed datasets (`processed/daily/symbol={SYM}/ohlcv.csv`). */
export async function writeSampleDatasets(
  store: ObjectStore,
  symbols: readonly string[],
  range: { readonly from: IsoDay; readonly to: IsoDay },
  prefix = 'processed/daily/',
): Promise<Record<string, Candle[]>> {
  const candles = Object.fromEntries(symbols.map((s) => [s, loadSampleCandles(s, range)]));
  await writeDatasets(store, candles, prefix);
  return candles;
}

/** Options of {@link writeModelVersionFixture}; every field has a small, fast default. */
export interface ModelVersionFixtureOptions {
  /** The recipe; default `lstm/scale-free`. */
  readonly model?: string;
  /** Bundled sample symbols; default BTC and ETH. */
  readonly symbols?: readonly string[];
  /** First candle day written; default 2023-01-01. */
  readonly from?: IsoDay;
  /** The cut-off, also the last candle written; default 2024-02-11 (the end of the sample data). */
  readonly cutoff?: IsoDay;
  /** Over `TINY_PARAMETERS`. */
  readonly parameters?: Partial<TrainingParameters>;
  /** The training clock; default 2024-02-12T00:00:00Z (no hidden clocks in fixtures either). */
  readonly at?: Date;
  /** Output prefix; default `models/{version}/`. */
  readonly prefix?: string;
  readonly live?: LiveModelRef;
  readonly kinds?: readonly ModelKind[];
}

/**
 * Writes sample datasets up to the cut-off and trains a real, tiny model version of any recipe on them with
 * `trainModel` (held-out evaluation, production refit, metadata), so infer and monitor tests get real versions
 * of every kind quickly.
 *
 * @example
 * const { metadata } = await writeModelVersionFixture(store, { model: 'ridge', prefix: modelPrefix('latest') });
 */
export async function writeModelVersionFixture(
  store: ObjectStore,
  options: ModelVersionFixtureOptions = {},
): Promise<TrainResult & { readonly candles: Record<string, Candle[]> }> {
  const cutoff = options.cutoff ?? '2024-02-11';
  const candles = await writeSampleDatasets(store, options.symbols ?? ['BTC', 'ETH'], {
    from: options.from ?? '2023-01-01',
    to: cutoff,
  });
  const at = options.at ?? new Date('2024-02-12T00:00:00Z');
  const result = await trainModel(
    {
      kinds: options.kinds ?? modelKinds(),
      logger: { info: () => undefined },
      clock: () => at,
      now: () => 0,
    },
    {
      parameters: {
        ...DEFAULT_TRAINING_PARAMETERS,
        ...TINY_PARAMETERS,
        ...options.parameters,
        model: options.model ?? 'lstm/scale-free',
      },
      cutoff,
      ...(options.live === undefined ? {} : { live: options.live }),
    },
    {
      data: { store, prefix: 'processed/daily/' },
      output: { store, ...(options.prefix === undefined ? {} : { prefix: options.prefix }) },
    },
  );
  return { ...result, candles };
}
