import { createHash } from 'node:crypto';
import { addDays, formatCandlesCsv, type Candle, type IsoDay } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import {
  buildWindows,
  computeFeatures,
  concatWindowSets,
  decodeForecasts,
  fitModelScalers,
  planTimeSplit,
  scaleWindowSet,
  splitWindows,
  type FeatureSetName,
  type ModelScalers,
  type WindowSet,
} from '@cf/features';
import { directionalAccuracy, mae, persistencePath, ratioToPersistence } from '@cf/metrics';
import type { ObjectStore } from '@cf/storage';
import { buildForecastModel } from '@cf/networks';
import type { ArchitectureName } from '@cf/networks';
import { initTfBackend } from '@cf/fast-rnn';
import type { EvaluationScores, ModelMetadata } from '../metadata';
import { writeModelVersion } from '../serving/write-model-version';
import { fitModel } from '@cf/networks';

/** Options of `writeTinyModelVersion`; every field has a small, fast default. */
export interface TinyModelVersionOptions {
  /** Bundled sample symbols to train on (pooled). Default `['BTC', 'ETH']`. */
  readonly symbols?: readonly string[];
  /** Candle range used. Default 2023-01-01..2024-02-11 (the end of the sample data). */
  readonly from?: IsoDay;
  readonly to?: IsoDay;
  readonly version?: string;
  readonly architecture?: ArchitectureName;
  readonly featureSet?: FeatureSetName;
  readonly window?: number;
  readonly horizon?: number;
  readonly epochs?: number;
  readonly seed?: number;
  /** Written as `createdAt`. Default `2024-02-12T00:00:00.000Z` (no clock in fixtures either). */
  readonly createdAt?: string;
}

/** What `writeTinyModelVersion` wrote, plus the candles it trained on. */
export interface TinyModelVersion {
  readonly metadata: ModelMetadata;
  readonly scalers: ModelScalers;
  readonly candles: Readonly<Record<string, readonly Candle[]>>;
}

/**
 * Trains a tiny but real model version on bundled sample candles (LSTM 6 -> 4 -> Dense 6 -> horizon, window 8,
 * horizon 3, two epochs, time split 70/15/15 with `horizon`-day gaps, scalers on the training part) and writes
 * it under `prefix` with `writeModelVersion`, metadata reporting test scores next to persistence. Takes about
 * a second on wasm, so infer and monitor tests get a real model quickly.
 *
 * @example
 * const { metadata } = await writeTinyModelVersion(store, modelPrefix('latest'));
 */
export async function writeTinyModelVersion(
  store: ObjectStore,
  prefix: string,
  options: TinyModelVersionOptions = {},
): Promise<TinyModelVersion> {
  const { tf, name: backend } = await initTfBackend();
  const symbols = options.symbols ?? ['BTC', 'ETH'];
  const featureSet = options.featureSet ?? 'scale-free';
  const window = options.window ?? 8;
  const horizon = options.horizon ?? 3;
  const seed = options.seed ?? 42;
  const epochs = options.epochs ?? 2;
  const architecture = options.architecture ?? 'lstm';
  const hyper = { epochs, batchSize: 32, learningRate: 1e-2, patience: 2, units: [6, 4], denseUnits: 6 };

  const candles = Object.fromEntries(
    symbols.map((s) => [
      s,
      loadSampleCandles(s, { from: options.from ?? '2023-01-01', to: options.to ?? '2024-02-11' }),
    ]),
  );
  const frames = symbols.map((s) => computeFeatures(candles[s], featureSet));
  const perSymbol = frames.map((frame) => buildWindows(frame, { window, horizon }));
  const pooled = concatWindowSets(perSymbol);
  const split = planTimeSplit(pooled.originDates, {
    trainFraction: 0.7,
    validationFraction: 0.15,
    gapDays: horizon,
  });
  const scalers = fitModelScalers({ frames, windows: [pooled], trainThrough: split.train.to });
  const parts = splitWindows(scaleWindowSet(pooled, scalers), split);

  const model = buildForecastModel(tf, {
    architecture,
    window,
    featureCount: pooled.featureCount,
    horizon,
    units: hyper.units,
    denseUnits: hyper.denseUnits,
    learningRate: hyper.learningRate,
    seed,
  });
  try {
    const started = performance.now();
    const result = await fitModel(
      tf,
      model,
      {
        train: parts.train,
        validation: parts.validation,
        window,
        featureCount: pooled.featureCount,
        horizon,
      },
      { ...hyper, seed, path: 'stock' },
    );
    const seconds = (performance.now() - started) / 1000;
    const output = tf.tidy(() =>
      (
        model.predict(
          tf.tensor3d(parts.test.x, [parts.test.count, window, pooled.featureCount]),
        ) as ReturnType<typeof tf.tensor>
      ).dataSync(),
    );
    const paths = decodeForecasts(output, parts.test.originCloses, scalers).map((d) => d.closes);
    const bySymbol = Object.fromEntries(
      symbols.map((s) => {
        const keep = parts.test.symbols.map((sym, i) => (sym === s ? i : -1)).filter((i) => i >= 0);
        return [s, testReport(parts.test, paths, horizon, keep)];
      }),
    );
    const metadata: ModelMetadata = {
      schemaVersion: 1,
      version: options.version ?? 'tiny-v1',
      createdAt: options.createdAt ?? '2024-02-12T00:00:00.000Z',
      architecture,
      featureSet,
      features: [...scalers.features.names],
      window,
      horizon,
      symbols: [...symbols],
      hyperparameters: { ...hyper, units: hyper.units.join(','), window, horizon },
      seed,
      backend,
      trainingPath: result.path,
      data: {
        firstDate: symbols.map((s) => candles[s][0].date).sort()[0],
        trainedThrough: addDays(split.validation.to, horizon),
        lastDate: symbols.map((s) => candles[s][candles[s].length - 1].date).sort()[symbols.length - 1],
        sha256: Object.fromEntries(
          symbols.map((s) => [s, createHash('sha256').update(formatCandlesCsv(candles[s])).digest('hex')]),
        ),
      },
      split: {
        train: { ...split.train, windows: parts.train.count },
        validation: { ...split.validation, windows: parts.validation.count },
        test: { ...split.test, windows: parts.test.count },
        gapDays: split.gapDays,
      },
      training: {
        epochs: result.epochsRun,
        bestEpoch: result.bestEpoch,
        bestValidationLoss: result.bestValidationLoss,
        seconds,
      },
      test: {
        ...testReport(
          parts.test,
          paths,
          horizon,
          parts.test.symbols.map((_, i) => i),
        ),
        bySymbol,
      },
    };
    await writeModelVersion(store, prefix, { model, scalers, metadata });
    return { metadata, scalers, candles };
  } finally {
    model.dispose();
  }
}

function testReport(
  test: WindowSet,
  paths: number[][],
  horizon: number,
  keep: number[],
): { model: EvaluationScores; persistence: EvaluationScores } {
  const persistence = keep.map((i) => persistencePath(test.originCloses[i], horizon));
  const model = keep.map((i) => paths[i]);
  const modelScores = scores(test, keep, model, horizon);
  const persistenceScores = scores(test, keep, persistence, horizon);
  return {
    model: {
      ...modelScores,
      maeRatioToPersistence: ratioToPersistence(modelScores.mae, persistenceScores.mae),
    },
    persistence: { ...persistenceScores, maeRatioToPersistence: 1 },
  };
}

function scores(
  test: WindowSet,
  keep: number[],
  predicted: number[][],
  horizon: number,
): Omit<EvaluationScores, 'maeRatioToPersistence'> {
  const days = Array.from({ length: horizon }, (_, k) => k);
  const column = (rows: readonly (readonly number[])[], k: number) => rows.map((row) => row[k]);
  const actual = keep.map((i) => test.targetCloses[i]);
  const reference = keep.map((i) => test.originCloses[i]);
  const flat = (rows: readonly (readonly number[])[]) => rows.flatMap((row) => [...row]);
  const referenceFlat = reference.flatMap((r) => days.map(() => r));
  return {
    mae: mae(flat(actual), flat(predicted)),
    directionalAccuracy: directionalAccuracy(referenceFlat, flat(actual), flat(predicted)),
    maeByHorizonDay: days.map((k) => mae(column(actual, k), column(predicted, k))),
    directionalAccuracyByHorizonDay: days.map((k) =>
      directionalAccuracy(reference, column(actual, k), column(predicted, k)),
    ),
    points: keep.length * horizon,
  };
}
