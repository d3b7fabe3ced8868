import type { InferenceSlot } from './layer';
import type { Layout } from './layout';
import type { Program } from './program';

/** What a recurrent layer's inference slot reads from its layer (offsets are known once it is planned). */
export interface RecurrentWeights {
  readonly kernel: number;
  readonly bias: number;
  readonly config: { readonly inputSize: number; readonly units: number };
}

/**
 * Inference state of one recurrent layer, one timestep at a time: the step's gates [rows, G·units] and h in
 * two alternating buffers (a step reads h_{t-1} whole while writing h_t; at t = 0 the second is h_{t-1}).
 * Each step computes the input projection `gates = bias + x_t·kernel`, then the layer's fused cell kernels.
 */
export abstract class RecurrentStepSlot implements InferenceSlot {
  protected readonly gates: number;
  protected readonly hidden: readonly [number, number];

  constructor(
    protected readonly layer: RecurrentWeights,
    /** Gate blocks: 4 (LSTM) or 3 (GRU). */
    private readonly gateCount: number,
    layout: Layout,
    maxRows: number,
  ) {
    const u = layer.config.units;
    this.gates = layout.alloc(gateCount * maxRows * u);
    this.hidden = [layout.alloc(maxRows * u), layout.alloc(maxRows * u)];
  }

  abstract recordReset(program: Program, rows: number): void;

  /** Records the cell kernels of timestep `t`: `gates` holds the input projection; h goes to `h`. */
  protected abstract recordCell(p: Program, rows: number, t: number, hPrev: number, h: number): void;

  recordStep(p: Program, input: number, inputStride: number, rows: number, t: number): number {
    const { kernel, bias } = this.layer;
    const { inputSize: d, units: u } = this.layer.config;
    const width = this.gateCount * u;
    const [hPrev, h] = t % 2 === 0 ? [this.hidden[1], this.hidden[0]] : [this.hidden[0], this.hidden[1]];
    p.add('fillRows', rows, width, bias, this.gates);
    p.add('gemm', rows, width, d, input, inputStride, 1, kernel, width, this.gates, width, 1);
    this.recordCell(p, rows, t, hPrev, h);
    return h;
  }
}
