import {
  checkName,
  getText,
  InvalidKeyError,
  joinKey,
  LATEST_MODEL_VERSION,
  putJson,
  type ObjectStore,
} from '@cf/storage';
import { ModelCorruptError } from '../errors';

/** File name of the record a training run leaves in `models/{runId}/`, naming the version it published. */
export const PUBLISHED_VERSION_JSON = 'published-version.json';

/**
 * `models/{runId}/published-version.json`: which model version a training run (a SageMaker training job,
 * `runId` being its name) published to `models/{version}/`. SageMaker keeps the job's own output under the
 * same `models/{job}/` prefix (`output/model.tar.gz`), so everything about one job sits together.
 */
export interface PublishedVersion {
  readonly schemaVersion: 1;
  readonly runId: string;
  readonly version: string;
  /** When the version was published (the run's clock). */
  readonly publishedAt: string;
}

/**
 * The key of a run's record; `runId` must be one safe key segment and not `latest`.
 *
 * @example
 * publishedVersionKey('cf-train-20240212-060000'); // 'models/cf-train-20240212-060000/published-version.json'
 */
export function publishedVersionKey(runId: string): string {
  if (runId === LATEST_MODEL_VERSION) {
    throw new InvalidKeyError(`training run id '${runId}' is reserved for the promoted model`);
  }
  return joinKey('models', checkName(runId, 'training run id'), PUBLISHED_VERSION_JSON);
}

/**
 * Writes the record of `record.runId` (stable JSON). Write it after the version's `metadata.json`, so a
 * record always names a complete version.
 *
 * @example
 * await writePublishedVersion(store, { schemaVersion: 1, runId, version, publishedAt: clock().toISOString() });
 */
export async function writePublishedVersion(store: ObjectStore, record: PublishedVersion): Promise<void> {
  await putJson(store, publishedVersionKey(record.runId), record);
}

/**
 * The record of `runId`, or `undefined` when the run published none; `ModelCorruptError` naming the key when
 * it is not a record of that run.
 *
 * @example
 * const published = await readPublishedVersion(store, jobName); // then readModelMetadata(store, modelPrefix(published.version))
 */
export async function readPublishedVersion(
  store: ObjectStore,
  runId: string,
): Promise<PublishedVersion | undefined> {
  const key = publishedVersionKey(runId);
  const text = await getText(store, key);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ModelCorruptError(key, `not JSON (${(error as Error).message})`, error);
  }
  const record = doc as Partial<Record<keyof PublishedVersion, unknown>> | null;
  const ok =
    typeof record === 'object' &&
    record !== null &&
    record.schemaVersion === 1 &&
    record.runId === runId &&
    typeof record.version === 'string' &&
    record.version !== '' &&
    record.version !== LATEST_MODEL_VERSION &&
    typeof record.publishedAt === 'string';
  if (!ok) {
    throw new ModelCorruptError(
      key,
      `expected {"schemaVersion":1,"runId":"${runId}","version":"...","publishedAt":"..."}, got ${text.slice(0, 200)}`,
    );
  }
  return {
    schemaVersion: 1,
    runId,
    version: checkName(record.version as string, 'model version'),
    publishedAt: record.publishedAt as string,
  };
}
