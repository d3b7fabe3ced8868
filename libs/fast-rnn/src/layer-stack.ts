import { DenseLayer } from './dense-layer';
import { GruLayer } from './gru-layer';
import type { FastLayer } from './layer';
import { LstmLayer } from './lstm-layer';
import type { NetworkSpec } from './network';

/** The layers of `spec`, each sized for the output of the one below (the flattened window for the first of a flattened stack). */
export function buildLayers(spec: NetworkSpec): FastLayer[] {
  let inputSize = spec.flatten ? spec.window * spec.featureCount : spec.featureCount;
  return spec.layers.map((l) => {
    const layer =
      l.kind === 'dense'
        ? new DenseLayer({ inputSize, units: l.units, activation: l.activation })
        : new (l.kind === 'lstm' ? LstmLayer : GruLayer)({
            inputSize,
            units: l.units,
            window: spec.window,
            returnSequences: l.returnSequences,
            recurrentActivation: l.recurrentActivation,
          });
    inputSize = l.units;
    return layer;
  });
}

/** Gives every weight its offset in a parameter block (in `model.getWeights()` order); returns the block's size. */
export function placeWeights(layers: readonly FastLayer[]): number {
  let count = 0;
  for (const layer of layers) {
    for (const w of layer.weights) {
      w.offset = count;
      count += w.size;
    }
  }
  return count;
}

/** Copies weights (in `model.getWeights()` order) into the parameter block at `base`. */
export function writeWeights(
  layers: readonly FastLayer[],
  memory: Float32Array,
  base: number,
  weights: readonly Float32Array[],
): void {
  let i = 0;
  for (const layer of layers) {
    for (const w of layer.weights) memory.set(weights[i++], base + w.offset);
  }
}

/** Copies of every weight (in `model.getWeights()` order) out of the parameter block at `base`. */
export function readWeights(
  layers: readonly FastLayer[],
  memory: Float32Array,
  base: number,
): Float32Array[] {
  return layers.flatMap((layer) =>
    layer.weights.map((w) => memory.slice(base + w.offset, base + w.offset + w.size)),
  );
}
