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
  /** Plans the shared (not per-thread) buffers: transposed weight copies. */
  planShared(layout: Layout, params: number): void;
  /** Plans one thread's buffers for up to `maxRows` rows; returns the slot's state for this layer. */
  planSlot(layout: Layout, maxRows: number): LayerSlot;
  /** Records the refresh of transposed weight copies (after every optimizer step). */
  recordTransposes(program: Program): void;
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
