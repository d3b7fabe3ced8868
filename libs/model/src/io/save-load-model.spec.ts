import type * as tfTypes from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ObjectStore } from '@cf/storage';
import { makeTempStore, startLocalS3, type LocalS3 } from '@cf/storage/testing';
import { buildForecastModel } from '@cf/networks';
import type { ArchitectureName } from '@cf/networks';
import { initTfBackend } from '@cf/fast-rnn';
import { ModelCorruptError, ModelNotFoundError } from '../errors';
import { mulberry32 } from '@cf/core';
import { loadModel } from './load-model';
import { saveModel } from './save-model';

// Runs on wasm here (tfjs-node cannot be installed offline); the S3 store talks to a real local S3 server.
let tf: typeof tfTypes;
let s3: LocalS3;
let local: Awaited<ReturnType<typeof makeTempStore>>;

beforeAll(async () => {
  ({ tf } = await initTfBackend());
  [s3, local] = await Promise.all([startLocalS3(), makeTempStore()]);
});

afterAll(async () => {
  await Promise.all([s3?.close(), local?.cleanup()]);
});

function randomInput(count: number, window: number, features: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: count * window * features }, () => next() * 4 - 2);
}

function predictBytes(model: tfTypes.LayersModel, x: Float32Array, shape: [number, number, number]): Buffer {
  const out = tf.tidy(
    () => (model.predict(tf.tensor3d(x, shape)) as tfTypes.Tensor).dataSync() as Float32Array,
  );
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

function smallModel(architecture: ArchitectureName, seed: number): tfTypes.LayersModel {
  return buildForecastModel(tf, {
    architecture,
    window: 10,
    featureCount: 4,
    horizon: 3,
    units: [8, 4],
    denseUnits: 6,
    learningRate: 1e-3,
    seed,
  });
}

describe.each([
  ['LocalObjectStore', (): ObjectStore => local.store],
  ['S3ObjectStore on a local S3 server', (): ObjectStore => s3.createStore('round-trip')],
])('saveModel / loadModel through %s', (_name, store) => {
  it.each(['lstm', 'gru', 'dense'] as const)(
    'round-trips a %s model that predicts bit-identically',
    async (arch) => {
      const model = smallModel(arch, 11);
      const x = randomInput(5, 10, 4, 99);
      const before = predictBytes(model, x, [5, 10, 4]);
      const prefix = `models/${arch}-v1/`;

      await saveModel(model, store(), prefix);
      const loaded = await loadModel(tf, store(), prefix);

      const after = predictBytes(loaded, x, [5, 10, 4]);
      expect(after.equals(before)).toBe(true);
      expect(loaded.layers.map((l) => [l.name, l.getClassName()])).toEqual(
        model.layers.map((l) => [l.name, l.getClassName()]),
      );
      model.dispose();
      loaded.dispose();
    },
  );
});

describe('the saved files', () => {
  it('are the standard tfjs layers format: model.json naming one weights.bin, readable without this library', async () => {
    const model = smallModel('lstm', 3);
    const x = randomInput(2, 10, 4, 5);
    await saveModel(model, local.store, 'models/plain');

    const dir = path.join(local.dir, 'models', 'plain');
    const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as tfTypes.io.ModelJSON;
    const bin = await readFile(path.join(dir, json.weightsManifest[0].paths[0]));
    // An independent reader: what tfjs-node's file:// loader does with the same two files.
    const viaMemory = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      }),
    );

    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w) => w.name)).toContain('lstm_1/kernel');
    expect(bin.byteLength).toBe(model.countParams() * 4);
    expect(predictBytes(viaMemory, x, [2, 10, 4]).equals(predictBytes(model, x, [2, 10, 4]))).toBe(true);
    model.dispose();
    viaMemory.dispose();
  });

  it('are byte-identical when the same model is saved twice (idempotent writes)', async () => {
    const model = smallModel('gru', 4);

    await saveModel(model, local.store, 'models/a');
    await saveModel(model, local.store, 'models/b');

    for (const file of ['model.json', 'weights.bin']) {
      const [a, b] = await Promise.all([
        local.store.get(`models/a/${file}`),
        local.store.get(`models/b/${file}`),
      ]);
      expect(a!.equals(b!)).toBe(true);
    }
    model.dispose();
  });
});

describe('loadModel failures', () => {
  it('names the missing model.json as not-found', async () => {
    const attempt = loadModel(tf, local.store, 'models/nothing-here/');

    await expect(attempt).rejects.toBeInstanceOf(ModelNotFoundError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'not-found',
      code: 'MODEL_NOT_FOUND',
      key: 'models/nothing-here/model.json',
    });
  });

  it('names a missing weights shard as not-found', async () => {
    const model = smallModel('dense', 1);
    await saveModel(model, local.store, 'models/no-weights');
    await local.store.delete('models/no-weights/weights.bin');

    await expect(loadModel(tf, local.store, 'models/no-weights')).rejects.toMatchObject({
      kind: 'not-found',
      key: 'models/no-weights/weights.bin',
    });
    model.dispose();
  });

  it.each([
    ['not JSON', (_json: string) => '{"modelTopology": ', /not valid JSON/],
    ['no topology', (_json: string) => JSON.stringify({ weightsManifest: [] }), /'modelTopology' is missing/],
    [
      'a weights path escaping the prefix',
      (json: string) => json.replace('"weights.bin"', '"../x/weights.bin"'),
      /weights path '\.\.\/x\/weights\.bin'/,
    ],
    [
      'an unknown layer class',
      (json: string) => json.replace(/"class_name":"Dense"/g, '"class_name":"NoSuchLayer"'),
      /tfjs cannot build the model/,
    ],
  ])('reports %s as a corrupt model (kind input)', async (_case, corrupt, message) => {
    const model = smallModel('dense', 2);
    await saveModel(model, local.store, 'models/corrupt');
    const json = (await local.store.get('models/corrupt/model.json'))!.toString('utf8');
    await local.store.put('models/corrupt/model.json', corrupt(json));

    const attempt = loadModel(tf, local.store, 'models/corrupt');

    await expect(attempt).rejects.toBeInstanceOf(ModelCorruptError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'input',
      code: 'MODEL_CORRUPT',
      message: expect.stringMatching(message),
    });
    model.dispose();
  });

  it('reports truncated weights as corrupt, saying how many bytes it found', async () => {
    const model = smallModel('dense', 2);
    await saveModel(model, local.store, 'models/truncated');
    const bin = (await local.store.get('models/truncated/weights.bin'))!;
    await local.store.put('models/truncated/weights.bin', bin.subarray(0, bin.byteLength - 4));

    await expect(loadModel(tf, local.store, 'models/truncated')).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringContaining(
        `weights hold ${bin.byteLength - 4} bytes, the manifest describes ${bin.byteLength}`,
      ),
    });
    model.dispose();
  });
});
