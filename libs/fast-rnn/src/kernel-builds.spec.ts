import * as v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from './backend/init-tf-backend';
import { describeFastNetwork } from './architecture';
import { tsEngine, wasmEngine } from './engine';
import { createFastForward } from './fast-forward';
import { Network } from './network';
import { trainFast } from './trainer';
import {
  flattenModel,
  randomArray,
  randomFitData,
  relativeError,
  seedWeights,
  smallModel,
  stockGradients,
  stockPredict,
  toTimeMajor,
} from './test-support';
import { kernelBuild, kernelsModule } from './wasm-kernels';

// The FMA build needs relaxed SIMD: on by default from Node 22, behind --experimental-wasm-relaxed-simd on
// Node 20. The flag is on only while this file compiles the module (where it is off by default), so the
// default build every other test runs is the engine's own. Same checks and tolerances as network.spec.ts
// and fast-forward.spec.ts, against stock tfjs on the wasm backend.
beforeAll(async () => {
  await initTfBackend({ prefer: 'wasm' });
  const native = kernelBuild();
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  kernelsModule('fma');
  if (native === 'simd') v8.setFlagsFromString('--no-experimental-wasm-relaxed-simd');
});

const SIZES = { window: 7, features: 3, units: [6, 5] as const, dense: 4, horizon: 3 };
const BATCH = 5;

describe('the FMA build', () => {
  it.each([
    ['lstm', 'sigmoid'],
    ['lstm', 'hardSigmoid'],
    ['gru', 'sigmoid'],
    ['gru', 'hardSigmoid'],
  ] as const)(
    '%s with %s gates: outputs and every weight gradient match tfjs within 1e-4 relative',
    async (kind, gates) => {
      const model = smallModel({ kind, recurrentActivation: gates, ...SIZES });
      seedWeights(model, 7);
      const xValues = randomArray(BATCH * SIZES.window * SIZES.features, 3);
      const yValues = randomArray(BATCH * SIZES.horizon, 4);
      const x = tf.tensor3d(xValues, [BATCH, SIZES.window, SIZES.features]);
      const y = tf.tensor2d(yValues, [BATCH, SIZES.horizon]);
      const stock = stockGradients(model, x, y);
      tf.dispose([x, y]);
      const spec = describeFastNetwork(model);
      if (typeof spec === 'string') throw new Error(spec);
      const network = new Network(spec, BATCH, 1);
      const executor = await wasmEngine(1, 'fma').createExecutor(network.memoryFloats, 1);

      const mem = executor.memory;
      network.writeWeights(
        mem,
        model.getWeights().map((w) => w.dataSync() as Float32Array),
      );
      executor.run(network.recordTransposes());
      const slot = network.slots[0];
      mem.set(toTimeMajor(xValues, BATCH, SIZES.window, SIZES.features), slot.x);
      mem.set(yValues, slot.y);
      const forward = network.recordForward(0, BATCH);
      executor.run(forward.program);
      const prediction = mem.slice(forward.output, forward.output + BATCH * SIZES.horizon);
      executor.run(network.recordTrainStep(0, BATCH, BATCH));
      const grads = network.readWeights(mem, slot.grads);
      await executor.close();

      expect(executor.description).toContain('fma build');
      expect(relativeError(prediction, stock.prediction)).toBeLessThan(1e-4);
      expect(Math.max(...grads.map((g, i) => relativeError(g, stock.grads[i])))).toBeLessThan(1e-4);
      model.dispose();
    },
  );

  it('trains on 2 threads to the weights the TypeScript reference kernels reach, within 1e-5', async () => {
    const [fma, reference] = [1, 2].map(() =>
      smallModel({ kind: 'lstm', recurrentActivation: 'sigmoid', ...SIZES }),
    );
    seedWeights(fma, 5, 0.4);
    reference.setWeights(fma.getWeights());
    const data = randomFitData(SIZES.window, SIZES.features, SIZES.horizon, 20, 9);
    const options = { epochs: 2, batchSize: 8, learningRate: 1e-2, patience: 5, seed: 3 };

    await trainFast(fma, data, options, wasmEngine(2, 'fma'));
    await trainFast(reference, data, options, tsEngine());

    const expected = reference.getWeights().map((w) => w.dataSync());
    fma
      .getWeights()
      .forEach((w, i) =>
        expect(Math.max(...w.dataSync().map((v, j) => Math.abs(v - expected[i][j])))).toBeLessThan(1e-5),
      );
    fma.dispose();
    reference.dispose();
  });
});

describe.each([1, 2])("the FMA build's forward pass, %i thread(s)", (threads) => {
  it.each([
    ['LSTM', () => smallModel({ kind: 'lstm', recurrentActivation: 'sigmoid', ...SIZES })],
    ['GRU', () => smallModel({ kind: 'gru', recurrentActivation: 'hardSigmoid', ...SIZES })],
    [
      'Flatten',
      () => flattenModel({ window: SIZES.window, features: SIZES.features, hidden: [9, 6], horizon: 3 }),
    ],
  ] as const)('%s: the forward pass matches tfjs predict within 1e-5', async (_name, make) => {
    const model = make();
    seedWeights(model, 8, 0.5);
    const count = 133;
    const x = randomArray(count * SIZES.window * SIZES.features, 9);
    const forward = createFastForward(model, { threads, build: 'fma' });

    const fast = threads === 1 ? forward.predict(x, count) : await forward.predictBatch(x, count);

    const stock = stockPredict(model, x, count);
    const scale = Math.max(1, ...Array.from(stock, Math.abs));
    expect(forward.description).toBe(
      `WebAssembly SIMD kernels (fma build), ${threads} thread${threads === 1 ? '' : 's'}`,
    );
    expect(Math.max(...Array.from(fast, (v, i) => Math.abs(v - stock[i]))) / scale).toBeLessThan(1e-5);
    await forward.dispose();
    model.dispose();
  });
});
