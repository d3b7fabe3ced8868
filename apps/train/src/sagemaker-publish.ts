import {
  METADATA_JSON,
  ModelNotFoundError,
  ModelVersionExistsError,
  metadataKey,
  parseModelMetadata,
  publishedVersionKey,
  writePublishedVersion,
} from '@cf/model';
import { listAll, modelPrefix, openStore, type ObjectStore } from '@cf/storage';
import type { TrainConfig } from './config';

/** Where `main.js train` publishes the version it trained, besides SageMaker's model folder. */
export interface PublishTarget {
  readonly store: ObjectStore;
  /** Names the run (the monitor's SageMaker job) in `models/{runId}/published-version.json`. */
  readonly runId?: string;
}

/** What was published. */
export interface PublishedModel {
  readonly version: string;
  /** `s3://bucket/prefix/models/{version}/` (or `file:///…`). */
  readonly location: string;
  /** Key of the run's record, when the target names a run. */
  readonly record?: string;
}

/**
 * The target STORE_URL names (opened with the S3 settings of `config`), with TRAINING_RUN_ID; `undefined`
 * when STORE_URL is unset, so the container writes only to its model folder.
 *
 * @example
 * await runSageMakerTraining({ ...deps, publish: () => publishTargetOf(config) });
 */
export function publishTargetOf(config: TrainConfig): PublishTarget | undefined {
  if (!config.storeUrlSet) return undefined;
  const store = openStore(config.storeUrl, { s3: { forcePathStyle: config.s3ForcePathStyle } });
  return config.trainingRunId === undefined ? { store } : { store, runId: config.trainingRunId };
}

/** Fails early (before hours of training) when the target store cannot be listed or the run id is unusable. */
export async function checkPublishTarget(target: PublishTarget): Promise<void> {
  if (target.runId !== undefined) publishedVersionKey(target.runId);
  await target.store.list('models/', { limit: 1 });
}

/**
 * Copies the complete version in `folder` (SageMaker's model folder: the files `metadata.json` lists, and
 * `metadata.json`, at its root) to `models/{version}/` of the target store, `metadata.json` last, so readers
 * never see a partial version. Refuses with `ModelVersionExistsError` when that prefix already holds a
 * version: versions never overwrite each other. Then, when the target names a run, writes the run's record
 * naming the version (`models/{runId}/published-version.json`).
 */
export async function publishModelVersion(
  folder: ObjectStore,
  target: PublishTarget,
  clock: () => Date,
): Promise<PublishedModel> {
  const metadataBytes = await folder.get(METADATA_JSON);
  if (metadataBytes === undefined)
    throw new ModelNotFoundError(`${folder.url}/${METADATA_JSON}`, 'model metadata');
  const metadata = parseModelMetadata(METADATA_JSON, metadataBytes);
  const present = new Set((await listAll(folder, '')).map((o) => o.key));
  const files = Object.keys(metadata.files).sort();
  for (const key of files) {
    if (!present.has(key)) throw new ModelNotFoundError(`${folder.url}/${key}`);
  }

  const prefix = modelPrefix(metadata.version);
  const remoteMetadata = metadataKey(prefix);
  if ((await target.store.head(remoteMetadata)) !== undefined)
    throw new ModelVersionExistsError(remoteMetadata, target.store.url, metadata.version);
  for (const key of files) {
    const bytes = await folder.get(key);
    if (bytes === undefined) throw new ModelNotFoundError(`${folder.url}/${key}`);
    await target.store.put(`${prefix}${key}`, bytes, { contentType: contentTypeOf(key) });
  }
  await target.store.put(remoteMetadata, metadataBytes, { contentType: 'application/json' });

  const location = `${target.store.url.replace(/\/+$/, '')}/${prefix}`;
  if (target.runId === undefined) return { version: metadata.version, location };
  await writePublishedVersion(target.store, {
    schemaVersion: 1,
    runId: target.runId,
    version: metadata.version,
    publishedAt: clock().toISOString(),
  });
  return { version: metadata.version, location, record: publishedVersionKey(target.runId) };
}

function contentTypeOf(key: string): string {
  return key.endsWith('.json') ? 'application/json' : 'application/octet-stream';
}
