import * as tf from '@tensorflow/tfjs';
import type { ObjectStore } from '@cf/storage';
import { ModelCorruptError, ModelNotFoundError } from '../errors';
import { keyUnder, MODEL_JSON, WEIGHTS_BIN } from './model-files';

type ModelJson = tf.io.ModelJSON;
type WeightsManifest = tf.io.WeightsManifestConfig;

const BYTES_PER_VALUE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/**
 * A tfjs `io.IOHandler` that keeps a layers model under `prefix` of any `ObjectStore`, in the standard
 * tfjs layers format (`model.json` + one `weights.bin` shard), so `tf.loadLayersModel('file://…/model.json')`,
 * tfjs-node and browsers read the same files. Saving writes the weights first and `model.json` last.
 *
 * @example
 * await model.save(objectStoreIOHandler(store, modelPrefix('2024-02-11T00-00-00Z')));
 */
export function objectStoreIOHandler(store: ObjectStore, prefix: string): tf.io.IOHandler {
  return {
    save: (artifacts) => saveArtifacts(store, prefix, artifacts),
    load: () => loadArtifacts(store, prefix),
  };
}

async function saveArtifacts(
  store: ObjectStore,
  prefix: string,
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  const topology = artifacts.modelTopology;
  if (topology === undefined || topology instanceof ArrayBuffer) {
    throw new ModelCorruptError(
      keyUnder(prefix, MODEL_JSON),
      'only layers models with a JSON topology can be saved',
    );
  }
  const weights = Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
  const manifest: WeightsManifest = [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }];
  const modelJson: ModelJson = {
    modelTopology: topology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: manifest,
    ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
    ...(artifacts.signature === undefined ? {} : { signature: artifacts.signature }),
    ...(artifacts.userDefinedMetadata === undefined
      ? {}
      : { userDefinedMetadata: artifacts.userDefinedMetadata }),
  };
  // Weights before model.json: a reader that finds model.json finds the weights it names.
  await store.put(keyUnder(prefix, WEIGHTS_BIN), weights, { contentType: 'application/octet-stream' });
  await store.put(keyUnder(prefix, MODEL_JSON), JSON.stringify(modelJson), {
    contentType: 'application/json',
  });
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function loadArtifacts(store: ObjectStore, prefix: string): Promise<tf.io.ModelArtifacts> {
  const jsonKey = keyUnder(prefix, MODEL_JSON);
  const modelJson = parseModelJson(jsonKey, await store.get(jsonKey));
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const shards: Buffer[] = [];
    for (const group of manifest) {
      for (const file of group.paths) {
        const key = shardKey(jsonKey, prefix, file);
        const bytes = await store.get(key);
        if (bytes === undefined) throw new ModelNotFoundError(key, 'weights shard');
        shards.push(bytes);
      }
    }
    const data = Buffer.concat(shards);
    const expected = specs.reduce((sum, spec) => sum + byteLength(jsonKey, spec), 0);
    if (data.byteLength !== expected) {
      throw new ModelCorruptError(
        jsonKey,
        `weights hold ${data.byteLength} bytes, the manifest describes ${expected}`,
      );
    }
    const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    return [specs, weightData];
  });
}

function parseModelJson(key: string, bytes: Buffer | undefined): ModelJson {
  if (bytes === undefined) throw new ModelNotFoundError(key, 'model.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ModelCorruptError(key, `not valid JSON (${(error as Error).message})`, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ModelCorruptError(key, 'not a JSON object');
  }
  const json = parsed as Partial<ModelJson>;
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw new ModelCorruptError(key, "field 'modelTopology' is missing");
  }
  const manifest: unknown = json.weightsManifest;
  const wellFormed =
    Array.isArray(manifest) &&
    manifest.every(
      (g: unknown) =>
        typeof g === 'object' &&
        g !== null &&
        Array.isArray((g as { paths?: unknown }).paths) &&
        (g as { paths: unknown[] }).paths.every((p) => typeof p === 'string') &&
        Array.isArray((g as { weights?: unknown }).weights),
    );
  if (!wellFormed)
    throw new ModelCorruptError(key, "field 'weightsManifest' is not a list of {paths, weights}");
  return json as ModelJson;
}

function shardKey(jsonKey: string, prefix: string, file: string): string {
  try {
    return keyUnder(prefix, file);
  } catch (error) {
    throw new ModelCorruptError(
      jsonKey,
      `weights path '${file}' is not a key under the model's prefix`,
      error,
    );
  }
}

function byteLength(jsonKey: string, spec: tf.io.WeightsManifestEntry): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const perValue = BYTES_PER_VALUE[dtype];
  const shapeOk = Array.isArray(spec.shape) && spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (perValue === undefined || !shapeOk) {
    throw new ModelCorruptError(
      jsonKey,
      `weight '${spec.name}' has dtype '${dtype}' and shape ${JSON.stringify(spec.shape)}`,
    );
  }
  return spec.shape.reduce((n, d) => n * d, 1) * perValue;
}
