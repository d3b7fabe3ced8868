import { modelPrefix, type ObjectStore } from '@cf/storage';
import type * as tfTypes from '@tensorflow/tfjs';
import { TrainingAbortedError } from '../errors';
import type { ModelMetadata } from '../metadata';
import { modelVersionKeys } from '../serving/model-version-keys';
import { writeModelVersion } from '../serving/write-model-version';
import { loadTrainingDatasets, type DataSource } from './dataset';
import { planDatasetSplit, prepareTrainingData } from './dataset-split';
import { buildDatasetWindows } from './dataset-windows';
import { evaluateForecaster } from './evaluate-forecaster';
import type { FitResult } from '@cf/fast-rnn';
import { ModelVersionExistsError } from './train-forecaster-errors';
import { fitForecaster, type TrainEpochReport } from './train-forecaster-fit';
import { buildTrainingMetadata } from './train-forecaster-metadata';
import { resolveTrainRequest, type TrainRequest } from './train-forecaster-request';
import { modelVersionId } from './train-forecaster-version';

/** Anything with pino's `info(obj, msg)` shape. */
export interface TrainLogger {
  info(obj: object, msg?: string): void;
}

/** What `trainForecaster` runs with. */
export interface TrainDeps {
  /** The tfjs namespace, its backend already initialised (`initTfBackend`). */
  readonly tf: typeof tfTypes;
  /** Name of that backend, recorded in the metadata. */
  readonly backend: string;
  readonly logger: TrainLogger;
  /** Names the version and stamps `createdAt`. */
  readonly clock: () => Date;
  readonly onEpoch?: (report: TrainEpochReport) => void;
  /** Aborting stops the run (after the running batch when fitting) with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

/** Where the datasets come from and where the version goes. */
export interface TrainIo {
  readonly data: DataSource;
  /** `prefix` defaults to `models/{version}/`; `''` writes the files at the store's root (SageMaker's model dir). */
  readonly output: { readonly store: ObjectStore; readonly prefix?: string };
}

/** The version written. */
export interface TrainResult {
  readonly version: string;
  /** Prefix of the files in the output store. */
  readonly prefix: string;
  readonly metadata: ModelMetadata;
  readonly fitResult: FitResult;
}

/**
 * Trains one forecaster on the datasets and writes it as a new version, never promoting it:
 * 1. load and validate each symbol's dataset (`loadTrainingDatasets`);
 * 2. features and windows per symbol (`buildDatasetWindows`);
 * 3. one split by calendar date across all symbols, `horizon` days between parts (`planDatasetSplit`);
 * 4. scalers fitted on the training part only, train and validation pooled and scaled (`prepareTrainingData`);
 * 5. fit with early stopping on the validation part (`fitForecaster`);
 * 6. evaluate on the test part next to persistence (`evaluateForecaster`);
 * 7. write model, scalers and metadata (`writeModelVersion`).
 * The version id is the clock's time plus a hash of the request and the data; an output that already holds
 * a model is refused with `ModelVersionExistsError` (kind `conflict`), before training and again before writing.
 *
 * @example
 * const { tf, name } = await initTfBackend();
 * const result = await trainForecaster({ tf, backend: name, logger, clock: () => new Date() }, { epochs: 10 },
 *   { data: { store, prefix: 'processed/daily/' }, output: { store } });
 */
export async function trainForecaster(
  deps: TrainDeps,
  request: TrainRequest,
  io: TrainIo,
): Promise<TrainResult> {
  const { tf, logger, signal } = deps;
  const resolved = resolveTrainRequest(request);
  const startedAt = deps.clock();
  const datasets = await loadTrainingDatasets(io.data, resolved.symbols);
  const sha256 = Object.fromEntries(datasets.map((d) => [d.symbol, d.sha256]));
  const version = modelVersionId(startedAt, resolved, sha256);
  const prefix = io.output.prefix ?? modelPrefix(version);
  await assertNoModelAt(io.output.store, prefix, version);
  logger.info(
    {
      version,
      symbols: datasets.map((d) => ({
        symbol: d.symbol,
        from: d.firstDate,
        to: d.lastDate,
        rows: d.series.length,
      })),
    },
    'training datasets loaded',
  );

  const perSymbol = buildDatasetWindows(datasets, resolved);
  const split = planDatasetSplit(perSymbol, {
    trainFraction: resolved.trainFraction,
    validationFraction: resolved.validationFraction,
    gapDays: resolved.horizon,
  });
  const prepared = prepareTrainingData(perSymbol, split);
  logger.info(
    { version, split, windows: prepared.counts },
    'time split planned, scalers fitted on the training part',
  );
  if (signal?.aborted === true) throw new TrainingAbortedError(0, signal.reason);

  const { model, fitResult } = await fitForecaster(tf, resolved, prepared.fitData, {
    ...(deps.onEpoch === undefined ? {} : { onEpoch: deps.onEpoch }),
    ...(signal === undefined ? {} : { signal }),
  });
  try {
    const test = evaluateForecaster(tf, model, prepared.scalers, prepared.testBySymbol);
    const metadata = buildTrainingMetadata({
      version,
      createdAt: deps.clock(),
      request: resolved,
      datasets,
      prepared,
      backend: deps.backend,
      fitResult,
      test,
    });
    await assertNoModelAt(io.output.store, prefix, version);
    await writeModelVersion(io.output.store, prefix, { model, scalers: prepared.scalers, metadata });
    logger.info(
      {
        version,
        store: io.output.store.url,
        prefix,
        bestEpoch: fitResult.bestEpoch,
        maeRatioToPersistence: test.model.maeRatioToPersistence,
      },
      'model version written (not promoted)',
    );
    return { version, prefix, metadata, fitResult };
  } finally {
    model.dispose();
  }
}

async function assertNoModelAt(store: ObjectStore, prefix: string, version: string): Promise<void> {
  const keys = modelVersionKeys(prefix);
  for (const key of [keys.metadata, keys.model, keys.scalers]) {
    if ((await store.head(key)) !== undefined) throw new ModelVersionExistsError(key, store.url, version);
  }
}
