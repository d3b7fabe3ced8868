import {
  createRecipeForecaster,
  freezeData,
  parametersUsedBy,
  parseRecipe,
  type BacktestProgress,
  type EpochProgress,
  type ModelKind,
  type TrainingParameters,
} from '@cf/forecasting';
import { lastCompleteDay, type IsoDay } from '@cf/ohlcv';
import { modelPrefix, type ObjectStore } from '@cf/storage';
import { loadTrainingDatasets, type DataSource } from '../data/datasets';
import { ModelVersionExistsError } from '../errors';
import {
  chosenOf,
  evaluateHeldOut,
  evaluationWindow,
  heldOutEntries,
} from '../evaluation/held-out-evaluation';
import type { ModelMetadata } from '../version/model-metadata';
import { metadataKey } from '../version/model-version-files';
import { writeModelVersion } from '../version/write-model-version';
import { modelVersionId } from './model-version-id';

/** Anything with pino's `info(obj, msg)` shape. */
export interface TrainLogger {
  info(obj: object, msg?: string): void;
}

/** What `trainModel` runs with. */
export interface TrainDeps {
  readonly kinds: readonly ModelKind[];
  readonly logger: TrainLogger;
  /** Names the version, stamps `createdAt` and, without an explicit cut-off, sets it to the last complete day. */
  readonly clock: () => Date;
  /** Milliseconds of a monotonic clock, for the recorded fit time only. */
  readonly now?: () => number;
  /** Epochs of the published fit (the evaluation's fits report through `onProgress`). */
  readonly onEpoch?: (progress: EpochProgress) => void;
  readonly onProgress?: (event: BacktestProgress) => void;
  /** Aborting stops the run (a network after its running batch). */
  readonly signal?: AbortSignal;
}

/** Where the datasets come from and where the version goes. */
export interface TrainIo {
  readonly data: DataSource;
  /** `prefix` defaults to `models/{version}/`; `''` writes the files at the store's root (SageMaker's model dir). */
  readonly output: { readonly store: ObjectStore; readonly prefix?: string };
}

/** The live model to evaluate the candidate against, when one is promoted. */
export interface LiveModelRef {
  readonly version: string;
  readonly metadata: ModelMetadata;
}

/** What to train. */
export interface TrainModelRequest {
  readonly parameters: TrainingParameters;
  /**
   * The last day of data to use; the last complete UTC day of the clock when omitted. The version's cut-off is
   * the last day of data on or before it.
   */
  readonly cutoff?: IsoDay;
  /** Evaluated next to the candidate on the same origins, for promotion. */
  readonly live?: LiveModelRef;
}

/** The version written. */
export interface TrainResult {
  readonly version: string;
  /** Prefix of the files in the output store. */
  readonly prefix: string;
  readonly metadata: ModelMetadata;
}

/**
 * Trains a recipe and writes it as a new model version, never promoting it:
 * 1. load every dataset up to the requested cut-off only (later rows are dropped as the files are read); the
 *    version's cut-off is the last day of data on or before it;
 * 2. judge the recipe on held-out origins: a walk-forward over the last `evaluationDays` before the cut-off,
 *    refitted every `evaluationRefitEvery` days, next to persistence, drift and the live model on the same
 *    origins, scored by the one scorer (`evaluateHeldOut`);
 * 3. the published fit: the recipe refitted on all data through the cut-off with the settings the last
 *    evaluation fit's validation chose (epochs, penalty), validating nothing;
 * 4. write the forecaster's files and `metadata.json` last (`writeModelVersion`).
 * The version id is the clock's time plus a hash of the parameters, the cut-off and the data; an output that
 * already holds a model is refused with `ModelVersionExistsError`, before training and again before writing.
 *
 * @example
 * const result = await trainModel({ kinds, logger, clock }, { parameters },
 *   { data: { store, prefix: 'processed/daily/' }, output: { store } });
 */
export async function trainModel(
  deps: TrainDeps,
  request: TrainModelRequest,
  io: TrainIo,
): Promise<TrainResult> {
  const { kinds, logger } = deps;
  const now = deps.now ?? (() => performance.now());
  const params = request.parameters;
  const recipe = parseRecipe(params.model, kinds);
  const through = request.cutoff ?? lastCompleteDay(deps.clock());
  const datasets = await loadTrainingDatasets(io.data, params.symbols, { through });
  // The cut-off is the last day of data there is on or before the one asked for (data may stop earlier).
  const cutoff = datasets.map((d) => d.lastDate).reduce((a, b) => (a > b ? a : b));
  const sha256 = Object.fromEntries(datasets.map((d) => [d.symbol, d.sha256]));
  const version = modelVersionId(deps.clock(), { ...params, model: recipe.name, cutoff }, sha256);
  const prefix = io.output.prefix ?? modelPrefix(version);
  await assertNoModelAt(io.output.store, prefix, version);
  logger.info(
    {
      version,
      model: recipe.name,
      cutoff,
      symbols: datasets.map((d) => ({
        symbol: d.symbol,
        from: d.firstDate,
        to: d.lastDate,
        rows: d.series.length,
      })),
    },
    'training datasets loaded up to the cut-off',
  );

  const data = freezeData(Object.fromEntries(datasets.map((d) => [d.symbol, d.series])));
  const window = evaluationWindow(cutoff, params);
  const heldOut = await evaluateHeldOut({
    data,
    window,
    horizon: params.horizon,
    seed: params.seed,
    entries: heldOutEntries({ recipe, params }, request.live?.metadata, kinds),
    kinds,
    ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
  });
  const candidateScores = heldOut.evaluation.models[0].scores.overall;
  logger.info(
    {
      version,
      window: {
        from: heldOut.evaluation.from,
        to: heldOut.evaluation.to,
        cutoffs: heldOut.evaluation.cutoffs,
      },
      ratioToPersistence: candidateScores.ratio,
      dieboldMariano: candidateScores.dieboldMariano,
    },
    'held-out walk-forward evaluation done',
  );

  const chosen = chosenOf(heldOut, 'candidate');
  const forecaster = await createRecipeForecaster(recipe, params, kinds);
  try {
    const started = now();
    const report = await forecaster.fit(data, {
      cutoff,
      chosen,
      ...(deps.onEpoch === undefined ? {} : { onEpoch: deps.onEpoch }),
      ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    });
    const seconds = (now() - started) / 1000;
    const files = await forecaster.save();
    const backend = typeof report.details.backend === 'string' ? report.details.backend : 'none';
    const metadata: Omit<ModelMetadata, 'files'> = {
      schemaVersion: 2,
      version,
      createdAt: deps.clock().toISOString(),
      model: recipe.name,
      horizon: params.horizon,
      inputDays: forecaster.inputDays,
      historyDays: forecaster.historyDays,
      symbols: datasets.map((d) => d.symbol),
      parameters: parametersUsedBy(params, [recipe.point.kind, ...(recipe.scale ? [recipe.scale.kind] : [])]),
      seed: params.seed,
      backend,
      data: {
        firstDate: datasets.map((d) => d.firstDate).reduce((a, b) => (a < b ? a : b)),
        trainedThrough: cutoff,
        sha256,
      },
      fit: {
        refitted: true,
        chosen,
        chosenBy:
          Object.keys(chosen).length === 0
            ? 'nothing to choose: the fit has no settings to validate'
            : `the validation of the evaluation fit at cut-off ${heldOut.lastCutoff}`,
        report,
        seconds,
      },
      evaluation: heldOut.evaluation,
    };
    await assertNoModelAt(io.output.store, prefix, version);
    const written = await writeModelVersion(io.output.store, prefix, files, metadata);
    logger.info(
      { version, store: io.output.store.url, prefix, model: recipe.name, chosen },
      'model version written (not promoted)',
    );
    return { version, prefix, metadata: written };
  } finally {
    forecaster.dispose();
  }
}

async function assertNoModelAt(store: ObjectStore, prefix: string, version: string): Promise<void> {
  const key = metadataKey(prefix);
  if ((await store.head(key)) !== undefined) throw new ModelVersionExistsError(key, store.url, version);
}
