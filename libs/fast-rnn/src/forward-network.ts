import type { FastLayer, InferenceSlot } from './layer';
import { buildLayers, placeWeights, writeWeights } from './layer-stack';
import { Layout } from './layout';
import type { NetworkSpec } from './network';
import { Program } from './program';

/** One thread's inference buffers: its input windows (batch-major, as given) and each layer's state. */
export interface ForwardSlot {
  /** [rows, window, features]. */
  readonly x: number;
  readonly layers: readonly InferenceSlot[];
}

/**
 * The forward pass of a network in one float memory: the weights (copied in once) and their packed
 * copies, then per thread the input windows and one timestep of state per layer. Recurrent layers run
 * timestep by timestep, every layer of the stack in turn, so the memory a thread needs grows with the rows
 * it runs at once but not with the window.
 */
export class ForwardNetwork {
  readonly layers: readonly FastLayer[];
  readonly params: number;
  readonly slots: readonly ForwardSlot[];
  /** Floats the memory must hold. */
  readonly memoryFloats: number;
  readonly outputSize: number;
  /** Floats in one input window (window × features). */
  readonly windowFloats: number;

  constructor(
    readonly spec: NetworkSpec,
    /** Most rows one slot runs at once. */
    readonly maxRows: number,
    slotCount: number,
  ) {
    this.layers = buildLayers(spec);
    this.windowFloats = spec.window * spec.featureCount;
    this.outputSize = this.layers[this.layers.length - 1].outputSize;
    const layout = new Layout();
    this.params = layout.alloc(placeWeights(this.layers));
    for (const layer of this.layers) layer.planShared(layout, this.params);
    this.slots = Array.from({ length: slotCount }, () => ({
      x: layout.alloc(maxRows * this.windowFloats),
      layers: this.layers.map((layer) => layer.planInference(layout, maxRows)),
    }));
    this.memoryFloats = layout.size;
  }

  /** Sizes of every weight tensor, layer by layer. */
  get weightSizes(): number[] {
    return this.layers.flatMap((layer) => layer.weights.map((w) => w.size));
  }

  /** Copies weights (layer by layer, each layer's in `layer.getWeights()` order) into the parameter block. */
  writeWeights(memory: Float32Array, weights: readonly Float32Array[]): void {
    writeWeights(this.layers, memory, this.params, weights);
  }

  /** Builds the packed weight copies the fused steps read (once, after `writeWeights`). */
  recordWeightCopies(): Program {
    const p = new Program();
    for (const layer of this.layers) layer.recordTransposes(p);
    return p;
  }

  /** The forward pass of `rows` windows in slot `slot`; `output` is where the [rows, outputs] predictions land. */
  recordPredict(slot: number, rows: number): { program: Program; output: number } {
    const p = new Program();
    const s = this.slots[slot];
    const recurrent = this.spec.layers.filter((l) => l.kind !== 'dense').length;
    let input = s.x;
    let stride = this.windowFloats;
    if (recurrent > 0) {
      for (let l = 0; l < recurrent; l++) s.layers[l].recordReset(p, rows);
      for (let t = 0; t < this.spec.window; t++) {
        input = s.x + t * this.spec.featureCount;
        stride = this.windowFloats;
        for (let l = 0; l < recurrent; l++) {
          input = s.layers[l].recordStep(p, input, stride, rows, t);
          stride = this.layers[l].outputSize;
        }
      }
    }
    for (let l = recurrent; l < this.layers.length; l++) {
      input = s.layers[l].recordStep(p, input, stride, rows, 0);
      stride = this.layers[l].outputSize;
    }
    return { program: p, output: input };
  }
}
