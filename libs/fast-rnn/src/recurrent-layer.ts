import type { FastLayer, InferenceSlot, LayerSlot, WeightSlot } from './layer';
import type { Layout } from './layout';
import type { Program } from './program';

/** Configuration of a recurrent layer the fast path can run (tanh activation, no dropout, with bias). */
export interface RecurrentConfig {
  readonly inputSize: number;
  readonly units: number;
  readonly window: number;
  readonly returnSequences: boolean;
  /** `Activation` code of the gates: sigmoid or hardSigmoid. */
  readonly recurrentActivation: number;
}

/**
 * What LSTM and GRU layers share: tfjs-layers' weights (kernel [in, G·u], recurrent kernel [u, G·u], bias
 * [G·u] for G gate blocks), their transposed copies for the backward pass, and the recorded transposes. Each
 * layer adds how it regroups the recurrent kernel for its fused cell kernels (`planPacking`,
 * `recordPacking`) and its training and inference slots.
 */
export abstract class RecurrentLayer implements FastLayer {
  readonly weights: WeightSlot[];
  readonly outputSize: number;
  kernel = 0;
  recurrent = 0;
  bias = 0;
  kernelT = 0;
  recurrentT = 0;

  constructor(
    readonly config: RecurrentConfig,
    /** Gate blocks: 4 (LSTM) or 3 (GRU). */
    readonly gateCount: number,
  ) {
    const { inputSize: d, units: u } = config;
    const g = gateCount;
    this.weights = [
      { shape: [d, g * u], size: d * g * u, offset: 0 },
      { shape: [u, g * u], size: u * g * u, offset: 0 },
      { shape: [g * u], size: g * u, offset: 0 },
    ];
    this.outputSize = u;
  }

  planShared(layout: Layout, params: number): void {
    const { inputSize: d, units: u } = this.config;
    this.kernel = params + this.weights[0].offset;
    this.recurrent = params + this.weights[1].offset;
    this.bias = params + this.weights[2].offset;
    this.kernelT = layout.alloc(this.gateCount * u * d);
    this.recurrentT = layout.alloc(this.gateCount * u * u);
    this.planPacking(layout);
  }

  recordTransposes(program: Program): void {
    const { inputSize: d, units: u } = this.config;
    program.add('transpose', d, this.gateCount * u, this.kernel, this.kernelT);
    program.add('transpose', u, this.gateCount * u, this.recurrent, this.recurrentT);
    this.recordPacking(program);
  }

  /** Allocates the regrouped recurrent kernel(s) of the fused cell kernels. */
  protected abstract planPacking(layout: Layout): void;

  /** Records the `packGates` that fill them from the recurrent kernel. */
  protected abstract recordPacking(program: Program): void;

  abstract planSlot(layout: Layout, maxRows: number): LayerSlot;

  abstract planInference(layout: Layout, maxRows: number): InferenceSlot;
}
