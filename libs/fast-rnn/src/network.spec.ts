import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from './backend/init-tf-backend';
import { describeFastNetwork } from './architecture';
import { tsEngine, wasmEngine } from './engine';
import { Network } from './network';
import type { FastEngine } from './trainer';
import {
  compileFmaBuild,
  randomArray,
  relativeError,
  seedWeights,
  smallModel,
  stockGradients,
  toTimeMajor,
} from './test-support';

// Reference: stock tfjs-layers on the wasm backend (tfjs-node is not installed here), same weights.
const ENGINES: Array<[string, () => Promise<FastEngine>]> = [
  ['TypeScript kernels', async () => tsEngine()],
  ['WebAssembly kernels, 1 thread', async () => wasmEngine(1)],
  ['WebAssembly kernels, 2 threads', async () => wasmEngine(2)],
  // The build Node 22 runs (fused multiply-adds), compiled here under Node 20's flag.
  [
    'WebAssembly kernels, fma build, 1 thread',
    async () => {
      compileFmaBuild();
      return wasmEngine(1, 'fma');
    },
  ],
];

const SIZES = { window: 7, features: 3, units: [6, 5] as const, dense: 4, horizon: 3 };
const BATCH = 5;

describe.each(ENGINES)('whole-sequence kernels (%s) against tfjs-layers', (_name, makeEngine) => {
  beforeAll(async () => {
    await initTfBackend({ prefer: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it.each([
    ['lstm', 'sigmoid'],
    ['lstm', 'hardSigmoid'],
    ['gru', 'sigmoid'],
    ['gru', 'hardSigmoid'],
  ] as const)(
    '%s with %s gates: outputs and every weight gradient match within 1e-4 relative',
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
      const engine = await makeEngine();
      const executor = await engine.createExecutor(network.memoryFloats, 1);
      try {
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
        const loss = mem[slot.lossOut] / (BATCH * SIZES.horizon);
        const grads = network.readWeights(mem, slot.grads);

        expect(relativeError(prediction, stock.prediction)).toBeLessThan(1e-4);
        expect(Math.abs(loss - stock.loss) / stock.loss).toBeLessThan(1e-4);
        expect(grads.map((g) => g.length)).toEqual(stock.grads.map((g) => g.length));
        const errors = grads.map((g, i) => relativeError(g, stock.grads[i]));
        expect(Math.max(...errors)).toBeLessThan(1e-4);
      } finally {
        await executor.close();
        model.dispose();
      }
    },
  );
});
