import type * as tfTypes from '@tensorflow/tfjs';
import { NetworkCorruptError } from '../errors';

/** The topology and weights manifest of a saved network (standard tfjs layers format). */
export const MODEL_JSON = 'model.json';
/** The single weights shard. */
export const WEIGHTS_BIN = 'weights.bin';

type ModelJson = tfTypes.io.ModelJSON;

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
 * The files of `model` in the standard tfjs layers format (`model.json` naming one `weights.bin` shard), so
 * `tf.loadLayersModel('file://…/model.json')`, tfjs-node and browsers read them as they are.
 *
 * @example
 * const files = await serializeNetwork(tf, model); // Map { 'model.json' => …, 'weights.bin' => … }
 */
export async function serializeNetwork(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
): Promise<Map<string, Uint8Array>> {
  let files: Map<string, Uint8Array> | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const topology = artifacts.modelTopology;
      if (topology === undefined || topology instanceof ArrayBuffer) {
        throw new NetworkCorruptError(MODEL_JSON, 'only layers models with a JSON topology can be saved');
      }
      const weights = new Uint8Array(
        tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)),
      );
      const modelJson: ModelJson = {
        modelTopology: topology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig === undefined ? {} : { trainingConfig: artifacts.trainingConfig }),
      };
      files = new Map([
        [MODEL_JSON, new TextEncoder().encode(JSON.stringify(modelJson))],
        [WEIGHTS_BIN, weights],
      ]);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (files === undefined) throw new NetworkCorruptError(MODEL_JSON, 'tfjs saved nothing');
  return files;
}

/**
 * The network saved in `files` (see {@link serializeNetwork}). A missing or unreadable file, or weights that do
 * not match the manifest, throw `NetworkCorruptError` naming the file.
 */
export async function deserializeNetwork(
  tf: typeof tfTypes,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<tfTypes.LayersModel> {
  const modelJson = parseModelJson(files.get(MODEL_JSON));
  const handler: tfTypes.io.IOHandler = {
    load: () =>
      tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const shards: Uint8Array[] = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            const bytes = files.get(path);
            if (bytes === undefined) throw new NetworkCorruptError(path, 'is missing (named by model.json)');
            shards.push(bytes);
          }
        }
        const total = shards.reduce((n, s) => n + s.byteLength, 0);
        const expected = specs.reduce((n, spec) => n + byteLength(spec), 0);
        if (total !== expected) {
          throw new NetworkCorruptError(
            WEIGHTS_BIN,
            `holds ${total} bytes, the manifest describes ${expected}`,
          );
        }
        const data = new Uint8Array(total);
        let offset = 0;
        for (const s of shards) {
          data.set(s, offset);
          offset += s.byteLength;
        }
        return [specs, data.buffer];
      }),
  };
  try {
    return await tf.loadLayersModel(handler);
  } catch (error) {
    if (error instanceof NetworkCorruptError) throw error;
    throw new NetworkCorruptError(
      MODEL_JSON,
      `tfjs cannot build the model (${(error as Error).message})`,
      error,
    );
  }
}

function parseModelJson(bytes: Uint8Array | undefined): ModelJson {
  if (bytes === undefined) throw new NetworkCorruptError(MODEL_JSON, 'is missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new NetworkCorruptError(MODEL_JSON, `is not valid JSON (${(error as Error).message})`, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new NetworkCorruptError(MODEL_JSON, 'is not a JSON object');
  }
  const json = parsed as Partial<ModelJson>;
  if (typeof json.modelTopology !== 'object' || json.modelTopology === null) {
    throw new NetworkCorruptError(MODEL_JSON, "has no field 'modelTopology'");
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
    throw new NetworkCorruptError(MODEL_JSON, "field 'weightsManifest' is not a list of {paths, weights}");
  return json as ModelJson;
}

function byteLength(spec: tfTypes.io.WeightsManifestEntry): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const perValue = BYTES_PER_VALUE[dtype];
  const shapeOk = Array.isArray(spec.shape) && spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (perValue === undefined || !shapeOk) {
    throw new NetworkCorruptError(
      MODEL_JSON,
      `weight '${spec.name}' has dtype '${dtype}' and shape ${JSON.stringify(spec.shape)}`,
    );
  }
  return spec.shape.reduce((n, d) => n * d, 1) * perValue;
}
