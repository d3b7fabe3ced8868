import type { InferenceSlot, LayerSlot } from './layer';
import { RecurrentLayer, type RecurrentConfig } from './recurrent-layer';
import { RecurrentStepSlot } from './recurrent-step-slot';
import type { Layout } from './layout';
import type { Program } from './program';

/**
 * LSTM as tfjs-layers computes it (gate order i, f, c, o; kernel [in, 4u], recurrent kernel [u, 4u],
 * bias [4u]): the input projection of every timestep in one matrix product, then per timestep one fused
 * kernel (recurrent product and cell update); backpropagation through time mirrors it, and the weight gradients are
 * again one product each over all timesteps.
 */
export class LstmLayer extends RecurrentLayer {
  /** The recurrent kernel regrouped by `packGates` for the fused step. */
  packed = 0;

  constructor(config: RecurrentConfig) {
    super(config, 4);
  }

  protected planPacking(layout: Layout): void {
    const u = this.config.units;
    this.packed = layout.alloc(4 * u * u);
  }

  protected recordPacking(program: Program): void {
    const u = this.config.units;
    program.add('packGates', u, u, 4, 0, 4, this.recurrent, this.packed);
  }

  planSlot(layout: Layout, maxRows: number): LayerSlot {
    const { window: t, units: u } = this.config;
    const seq = t * maxRows * u;
    return new LstmSlot(this, this.config, {
      gates: layout.alloc(4 * seq),
      cells: layout.alloc(seq),
      tanhCells: layout.alloc(seq),
      hidden: layout.alloc(seq),
      hiddenGrad: layout.alloc(seq),
      carryGrad: layout.alloc(maxRows * u),
      zeros: layout.alloc(maxRows * u),
    });
  }

  planInference(layout: Layout, maxRows: number): InferenceSlot {
    return new LstmStepSlot(this, layout, maxRows);
  }
}

/** Inference: c updated in place. */
class LstmStepSlot extends RecurrentStepSlot {
  private readonly cells: number;

  constructor(
    protected override readonly layer: LstmLayer,
    layout: Layout,
    maxRows: number,
  ) {
    super(layer, 4, layout, maxRows);
    this.cells = layout.alloc(maxRows * layer.config.units);
  }

  recordReset(p: Program, rows: number): void {
    p.add('fill', rows * this.layer.config.units, 0, this.cells);
  }

  protected recordCell(p: Program, rows: number, t: number, hPrev: number, h: number): void {
    const { units: u, recurrentActivation: ra } = this.layer.config;
    const { recurrent, packed } = this.layer;
    const c = this.cells;
    // keep = 0: tanhC is not written; `c` stands in for it.
    p.add('lstmCellStep', rows, u, t > 0 ? u : 0, this.gates, hPrev, recurrent, packed, c, c, c, h, ra, 0);
  }
}

interface LstmBuffers {
  /** [time, rows, 4u]: preactivations, then activated gates, then (in backward) their gradients. */
  readonly gates: number;
  /** [time, rows, u] each. */
  readonly cells: number;
  readonly tanhCells: number;
  readonly hidden: number;
  /** d(loss)/d(h_t), written by the layer above (all steps, or only the last) and by the recurrence. */
  readonly hiddenGrad: number;
  /** [rows, u]: d(loss)/d(c) carried backwards through time. */
  readonly carryGrad: number;
  /** [rows, u] of zeros: the initial state h_0 = c_0 = 0. */
  readonly zeros: number;
}

class LstmSlot implements LayerSlot {
  constructor(
    private readonly layer: LstmLayer,
    private readonly config: RecurrentConfig,
    private readonly buf: LstmBuffers,
  ) {}

  recordForward(p: Program, input: number, rows: number): number {
    const { window: time, units: u, inputSize: d, recurrentActivation: ra } = this.config;
    const { kernel, recurrent, packed, bias } = this.layer;
    const { gates, cells, tanhCells, hidden, zeros } = this.buf;
    const step = rows * u;
    p.add('fill', rows * u, 0, zeros);
    p.add('fillRows', time * rows, 4 * u, bias, gates);
    p.add('gemm', time * rows, 4 * u, d, input, d, 1, kernel, 4 * u, gates, 4 * u, 1);
    for (let t = 0; t < time; t++) {
      const [hPrev, cPrev] = t > 0 ? [hidden + (t - 1) * step, cells + (t - 1) * step] : [zeros, zeros];
      p.add(
        'lstmCellStep',
        rows,
        u,
        t > 0 ? u : 0,
        gates + 4 * t * step,
        hPrev,
        recurrent,
        packed,
        cPrev,
        cells + t * step,
        tanhCells + t * step,
        hidden + t * step,
        ra,
        1,
      );
    }
    return this.config.returnSequences ? hidden : hidden + (time - 1) * step;
  }

  outputGrad(rows: number): number {
    const { window: time, units: u, returnSequences } = this.config;
    return returnSequences ? this.buf.hiddenGrad : this.buf.hiddenGrad + (time - 1) * rows * u;
  }

  recordBackward(p: Program, input: number, rows: number, grads: number, inputGrad: number): void {
    const { window: time, units: u, inputSize: d, recurrentActivation: ra, returnSequences } = this.config;
    const { recurrentT, kernelT } = this.layer;
    const [wKernel, wRecurrent, wBias] = this.layer.weights;
    const { gates, cells, tanhCells, hidden, hiddenGrad, carryGrad, zeros } = this.buf;
    const step = rows * u;
    if (!returnSequences) p.add('fill', (time - 1) * step, 0, hiddenGrad);
    p.add('fill', step, 0, carryGrad);
    for (let t = time - 1; t >= 0; t--) {
      const dh = hiddenGrad + t * step;
      if (t < time - 1)
        p.add('gemm', rows, u, 4 * u, gates + 4 * (t + 1) * step, 4 * u, 1, recurrentT, u, dh, u, 1);
      const cPrev = t > 0 ? cells + (t - 1) * step : zeros;
      p.add('lstmBackward', rows, u, gates + 4 * t * step, cPrev, tanhCells + t * step, dh, carryGrad, ra);
    }
    // `gates` now holds d(loss)/d(preactivation) for every step.
    p.add('gemm', d, 4 * u, time * rows, input, 1, d, gates, 4 * u, grads + wKernel.offset, 4 * u, 0);
    if (time > 1) {
      p.add(
        'gemm',
        u,
        4 * u,
        (time - 1) * rows,
        hidden,
        1,
        u,
        gates + 4 * step,
        4 * u,
        grads + wRecurrent.offset,
        4 * u,
        0,
      );
    } else {
      p.add('fill', u * 4 * u, 0, grads + wRecurrent.offset);
    }
    p.add('sumRows', time * rows, 4 * u, gates, 4 * u, grads + wBias.offset, 0);
    if (inputGrad >= 0) p.add('gemm', time * rows, d, 4 * u, gates, 4 * u, 1, kernelT, d, inputGrad, d, 0);
  }
}
