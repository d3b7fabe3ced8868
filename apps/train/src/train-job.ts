import { LocalObjectStore, type ObjectStore } from '@cf/storage';
import {
  findPromotedMetadata,
  trainModel,
  type LiveModelRef,
  type TrainDeps,
  type TrainIo,
  type TrainModelRequest,
  type TrainResult,
} from '@cf/model';
import { UsageError } from './errors';

const PROCESSED_PREFIX = 'processed/daily/';

/**
 * Where a training run reads and writes. Datasets come from `dataDir` when given (a folder in the store's
 * processed layout or a SageMaker channel layout `symbol=BTC/ohlcv.csv`), else from `store`'s
 * `processed/daily/`. The model goes straight into `modelDir` when given (as SageMaker's `/opt/ml/model`),
 * else to `models/{version}/` in `store`.
 */
export interface TrainLocation {
  readonly store?: ObjectStore;
  readonly dataDir?: string;
  readonly modelDir?: string;
}

/** A finished run: the version, and where its files are (`file:///…/models/{version}/`, `s3://…`). */
export interface TrainJobResult extends TrainResult {
  readonly location: string;
}

/**
 * The train job: resolves the location, finds the live model (`models/latest/` of the store, when there is
 * one) to evaluate the candidate against, then trains and writes one version (`trainModel`).
 *
 * @example
 * await runTrainJob({ kinds, logger, clock }, { parameters }, { store: openStore('./data') });
 */
export async function runTrainJob(
  deps: TrainDeps,
  request: TrainModelRequest,
  location: TrainLocation,
): Promise<TrainJobResult> {
  const io = await resolveTrainIo(location);
  const live = request.live ?? (location.store === undefined ? undefined : await liveModel(location.store));
  const result = await trainModel(deps, { ...request, ...(live === undefined ? {} : { live }) }, io);
  const root = io.output.store.url.replace(/\/+$/, '');
  return { ...result, location: result.prefix === '' ? `${root}/` : `${root}/${result.prefix}` };
}

/** The promoted model of a store, or undefined when nothing is promoted. */
export async function liveModel(store: ObjectStore): Promise<LiveModelRef | undefined> {
  const metadata = await findPromotedMetadata(store);
  return metadata === undefined ? undefined : { version: metadata.version, metadata };
}

/** The data source and output of a location; a data folder's layout is recognised by its content. */
export async function resolveTrainIo(location: TrainLocation): Promise<TrainIo> {
  const { dataDir, modelDir } = location;
  const store = (): ObjectStore => {
    if (location.store === undefined)
      throw new UsageError('a store is needed unless both a data folder and a model folder are given');
    return location.store;
  };
  let data: TrainIo['data'];
  if (dataDir === undefined) {
    data = { store: store(), prefix: PROCESSED_PREFIX };
  } else {
    const folder = new LocalObjectStore(dataDir);
    const processed = await folder.list(PROCESSED_PREFIX, { limit: 1 });
    data = { store: folder, prefix: processed.objects.length > 0 ? PROCESSED_PREFIX : '' };
  }
  const output =
    modelDir === undefined ? { store: store() } : { store: new LocalObjectStore(modelDir), prefix: '' };
  return { data, output };
}
