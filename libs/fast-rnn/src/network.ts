import type { FastLayer, LayerSlot } from './layer';
import { buildLayers, placeWeights, readWeights, writeWeights } from './layer-stack';
import { Layout } from './layout';
import { Program } from './program';

/** One layer of a supported stack, as read from a tfjs model (activations as `Activation` codes). */
export type LayerSpec =
  | {
      readonly kind: 'lstm' | 'gru';
      readonly units: number;
      readonly returnSequences: boolean;
      readonly recurrentActivation: number;
    }
  | { readonly kind: 'dense'; readonly units: number; readonly activation: number };

/**
 * A stack of recurrent then dense layers over windows of `window` steps of `featureCount` features, or
 * (`flatten`) dense layers over the flattened window.
 */
export interface NetworkSpec {
  readonly window: number;
  readonly featureCount: number;
  readonly flatten: boolean;
  readonly layers: readonly LayerSpec[];
}

/** One thread's buffers: its gradient block, its input and target rows, its layers' activations. */
export interface NetworkSlot {
  readonly grads: number;
  /** [window, rows, features], time-major. */
  readonly x: number;
  /** [rows, outputs]. */
  readonly y: number;
  /** One float: Σ(prediction - target)² of the last run. */
  readonly lossOut: number;
  readonly layers: readonly LayerSlot[];
}

/**
 * The whole network laid out in one float memory: the parameter block (every weight, in the order of
 * tfjs's `model.getWeights()`), Adam's moments, transposed weight copies, and one slot of buffers per
 * thread. Records the programs of a training step, a forward pass and an optimizer update.
 */
export class Network {
  readonly layers: readonly FastLayer[];
  readonly paramCount: number;
  readonly params: number;
  readonly adamM: number;
  readonly adamV: number;
  readonly slots: readonly NetworkSlot[];
  /** Floats the memory must hold. */
  readonly memoryFloats: number;
  readonly outputSize: number;

  constructor(
    readonly spec: NetworkSpec,
    /** Most rows one slot runs at once. */
    readonly maxRows: number,
    slotCount: number,
  ) {
    this.layers = buildLayers(spec);
    const count = placeWeights(this.layers);
    this.paramCount = count;
    this.outputSize = this.layers[this.layers.length - 1].outputSize;
    const layout = new Layout();
    this.params = layout.alloc(count);
    this.adamM = layout.alloc(count);
    this.adamV = layout.alloc(count);
    for (const layer of this.layers) layer.planShared(layout, this.params);
    const slots: NetworkSlot[] = [];
    for (let s = 0; s < slotCount; s++) {
      slots.push({
        grads: layout.alloc(count),
        x: layout.alloc(spec.window * maxRows * spec.featureCount),
        y: layout.alloc(maxRows * this.outputSize),
        lossOut: layout.alloc(1),
        layers: this.layers.map((layer) => layer.planSlot(layout, maxRows)),
      });
    }
    this.slots = slots;
    this.memoryFloats = layout.size;
  }

  /** Sizes of every weight tensor, in `model.getWeights()` order. */
  get weightShapes(): (readonly number[])[] {
    return this.layers.flatMap((layer) => layer.weights.map((w) => w.shape));
  }

  /**
   * Forward pass, loss and gradients of `rows` rows of slot `slot` into the slot's gradient block. The loss
   * gradient is scaled by 2 / (batchRows · outputs), so the slots' gradients of one batch sum to the
   * gradient of tfjs's mean squared error over the whole batch.
   */
  recordTrainStep(slot: number, rows: number, batchRows: number): Program {
    const p = new Program();
    const s = this.slots[slot];
    const inputs = this.recordForwardInto(p, s, rows);
    const top = s.layers.length - 1;
    const n = rows * this.outputSize;
    p.add(
      'mse',
      n,
      inputs[top + 1],
      s.y,
      2 / (batchRows * this.outputSize),
      s.layers[top].outputGrad(rows),
      s.lossOut,
    );
    for (let l = top; l >= 0; l--) {
      const below = l > 0 ? s.layers[l - 1].outputGrad(rows) : -1;
      s.layers[l].recordBackward(p, inputs[l], rows, s.grads, below);
    }
    return p;
  }

  /** Forward pass and Σ squared error of `rows` rows of slot `slot`; `output` is where predictions land. */
  recordForward(slot: number, rows: number): { program: Program; output: number } {
    const p = new Program();
    const s = this.slots[slot];
    const inputs = this.recordForwardInto(p, s, rows);
    const top = s.layers.length - 1;
    const output = inputs[top + 1];
    p.add('mse', rows * this.outputSize, output, s.y, 0, s.layers[top].outputGrad(rows), s.lossOut);
    return { program: p, output };
  }

  /** Refreshes the transposed weight copies from the parameter block (after weights change). */
  recordTransposes(): Program {
    const p = new Program();
    for (const layer of this.layers) layer.recordTransposes(p);
    return p;
  }

  /**
   * Sums the gradients of slots `1..slotsUsed-1` into slot 0's, applies one Adam step (tfjs's arithmetic;
   * `step` is 1-based) and refreshes the transposed copies.
   */
  recordUpdate(slotsUsed: number, adam: AdamStep): Program {
    const p = new Program();
    const g = this.slots[0].grads;
    for (let s = 1; s < slotsUsed; s++) p.add('addTo', this.paramCount, this.slots[s].grads, g);
    p.add(
      'adam',
      this.paramCount,
      this.params,
      g,
      this.adamM,
      this.adamV,
      adam.learningRate,
      adam.beta1,
      adam.beta2,
      adam.epsilon,
      adam.oneMinusAccBeta1,
      adam.oneMinusAccBeta2,
    );
    for (const layer of this.layers) layer.recordTransposes(p);
    return p;
  }

  /** Copies weights (in `model.getWeights()` order) into the parameter block. */
  writeWeights(memory: Float32Array, weights: readonly Float32Array[]): void {
    writeWeights(this.layers, memory, this.params, weights);
  }

  /** Copies of every weight (in `model.getWeights()` order) out of the parameter block at `base`. */
  readWeights(memory: Float32Array, base = this.params): Float32Array[] {
    return readWeights(this.layers, memory, base);
  }

  private recordForwardInto(p: Program, s: NetworkSlot, rows: number): number[] {
    const inputs = [s.x];
    s.layers.forEach((layer, l) => inputs.push(layer.recordForward(p, inputs[l], rows)));
    return inputs;
  }
}

/** The scalars of one Adam step. */
export interface AdamStep {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly oneMinusAccBeta1: number;
  readonly oneMinusAccBeta2: number;
}
