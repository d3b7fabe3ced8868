import type { Layout } from './layout';
import type { Program } from './program';

/** Shape and place of one weight tensor, in the order tfjs's `layer.getWeights()` returns them. */
export interface WeightSlot {
  readonly shape: readonly number[];
  readonly size: number;
  /** Offset of this weight inside the parameter block (and inside every gradient block). */
  offset: number;
}

/** Where a thread's buffers for one layer start: its gradient block and its activation buffers. */
export interface SlotBase {
  /** Offset of the slot's gradient block (same layout as the parameter block). */
  readonly grads: number;
}

/**
 * One layer of the network as recorded kernel calls. A layer owns the gradient of its output
 * (`outputGrad`), which the layer above fills during backpropagation. Recurrent layers work on
 * time-major sequences: [time, rows, features].
 */
export interface FastLayer {
  readonly weights: readonly WeightSlot[];
  /** Width of one output row (units). */
  readonly outputSize: number;
  /** Plans the shared (not per-thread) buffers: transposed and packed weight copies. */
  planShared(layout: Layout, params: number): void;
  /** Plans one thread's training buffers for up to `maxRows` rows; returns the slot's state for this layer. */
  planSlot(layout: Layout, maxRows: number): LayerSlot;
  /** Plans one thread's inference buffers (one timestep of state) for up to `maxRows` rows. */
  planInference(layout: Layout, maxRows: number): InferenceSlot;
  /** Records the refresh of the transposed and packed weight copies (after the weights change). */
  recordTransposes(program: Program): void;
}

/**
 * One thread's inference buffers for one layer. A recurrent layer runs one timestep per call, keeping only
 * the state it needs for the next; a dense layer runs once, on the last output of the layer below.
 */
export interface InferenceSlot {
  /** Records clearing the state before the first timestep (nothing for a dense layer). */
  recordReset(program: Program, rows: number): void;
  /**
   * Records timestep `t` (a dense layer: its whole pass) over `rows` input rows `inputStride` floats apart
   * starting at `input`; returns where the output rows are (contiguous, `outputSize` floats each).
   */
  recordStep(program: Program, input: number, inputStride: number, rows: number, t: number): number;
}

/** One thread's buffers for one layer, and the calls that use them. */
export interface LayerSlot {
  /** Records the forward pass over `rows` rows reading `input`; returns the offset of the output rows. */
  recordForward(program: Program, input: number, rows: number): number;
  /** Offset where the layer above writes d(loss)/d(this layer's output) for `rows` rows. */
  outputGrad(rows: number): number;
  /** Records the backward pass; `inputGrad` is where to write d(loss)/d(input), or -1 when not needed. */
  recordBackward(program: Program, input: number, rows: number, grads: number, inputGrad: number): void;
}
