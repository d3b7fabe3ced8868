import {
  trainForecaster,
  type TrainDeps,
  type TrainIo,
  type TrainRequest,
  type TrainResult,
} from '@cf/model';
import { LocalObjectStore, type ObjectStore } from '@cf/storage';
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
 * The train job: resolves the location, then trains and writes one version (`trainForecaster`).
 *
 * @example
 * await runTrainJob({ tf, backend, logger, clock }, { epochs: 10 }, { store: openStore('./data') });
 */
export async function runTrainJob(
  deps: TrainDeps,
  request: TrainRequest,
  location: TrainLocation,
): Promise<TrainJobResult> {
  const io = await resolveTrainIo(location);
  const result = await trainForecaster(deps, request, io);
  const root = io.output.store.url.replace(/\/+$/, '');
  return { ...result, location: result.prefix === '' ? `${root}/` : `${root}/${result.prefix}` };
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
