import type { InferenceSlot, LayerSlot } from './layer';
import { RecurrentLayer, type RecurrentConfig } from './recurrent-layer';
import { RecurrentStepSlot } from './recurrent-step-slot';
import type { Layout } from './layout';
import type { Program } from './program';

/**
 * GRU as tfjs-layers computes it (gate order z, r, h; kernel [in, 3u], recurrent kernel [u, 3u], bias [3u]
 * on the input side only; the reset gate applies before the recurrent product: h~ = tanh(x·Wh + (r∘h)·Uh)).
 */
export class GruLayer extends RecurrentLayer {
  /** The z and r blocks, and the h block, of the recurrent kernel regrouped by `packGates` for the fused steps. */
  packedZr = 0;
  packedH = 0;

  constructor(config: RecurrentConfig) {
    super(config, 3);
  }

  protected planPacking(layout: Layout): void {
    const u = this.config.units;
    this.packedZr = layout.alloc(2 * u * u);
    this.packedH = layout.alloc(u * u);
  }

  protected recordPacking(program: Program): void {
    const u = this.config.units;
    program.add('packGates', u, u, 3, 0, 2, this.recurrent, this.packedZr);
    program.add('packGates', u, u, 3, 2, 1, this.recurrent, this.packedH);
  }

  planSlot(layout: Layout, maxRows: number): LayerSlot {
    const { window: t, units: u } = this.config;
    const seq = t * maxRows * u;
    return new GruSlot(this, {
      gates: layout.alloc(3 * seq),
      resetHidden: layout.alloc(seq),
      hidden: layout.alloc(seq),
      hiddenGrad: layout.alloc(seq),
      resetHiddenGrad: layout.alloc(maxRows * u),
      sink: layout.alloc(maxRows * u),
      zeros: layout.alloc(maxRows * u),
    });
  }

  planInference(layout: Layout, maxRows: number): InferenceSlot {
    return new GruStepSlot(this, layout, maxRows);
  }
}

/** Inference: r∘h_{t-1} in its own buffer between the two cell kernels. */
class GruStepSlot extends RecurrentStepSlot {
  private readonly resetHidden: number;

  constructor(
    protected override readonly layer: GruLayer,
    layout: Layout,
    maxRows: number,
  ) {
    super(layer, 3, layout, maxRows);
    this.resetHidden = layout.alloc(maxRows * layer.config.units);
  }

  recordReset(p: Program, rows: number): void {
    p.add('fill', rows * this.layer.config.units, 0, this.hidden[1]);
  }

  protected recordCell(p: Program, rows: number, t: number, hPrev: number, h: number): void {
    const { units: u, recurrentActivation: ra } = this.layer.config;
    const { recurrent, packedZr, packedH } = this.layer;
    const depth = t > 0 ? u : 0;
    p.add('gruCellStepA', rows, u, depth, this.gates, hPrev, recurrent, packedZr, this.resetHidden, ra);
    p.add('gruCellStepB', rows, u, depth, this.gates, this.resetHidden, recurrent, packedH, hPrev, h);
  }
}

interface GruBuffers {
  /** [time, rows, 3u]: preactivations, then activated z, r, h~, then (in backward) their gradients. */
  readonly gates: number;
  /** [time, rows, u]: r∘h_{t-1}. */
  readonly resetHidden: number;
  readonly hidden: number;
  readonly hiddenGrad: number;
  /** [rows, u]: d(loss)/d(r∘h_{t-1}) of the current step. */
  readonly resetHiddenGrad: number;
  /** [rows, u]: receives d(loss)/d(h_0), which nothing needs. */
  readonly sink: number;
  readonly zeros: number;
}

class GruSlot implements LayerSlot {
  constructor(
    private readonly layer: GruLayer,
    private readonly buf: GruBuffers,
  ) {}

  recordForward(p: Program, input: number, rows: number): number {
    const {
      window: time,
      units: u,
      inputSize: d,
      recurrentActivation: ra,
      returnSequences,
    } = this.layer.config;
    const { kernel, recurrent, packedZr, packedH, bias } = this.layer;
    const { gates, resetHidden, hidden, zeros } = this.buf;
    const step = rows * u;
    p.add('fill', step, 0, zeros);
    p.add('fillRows', time * rows, 3 * u, bias, gates);
    p.add('gemm', time * rows, 3 * u, d, input, d, 1, kernel, 3 * u, gates, 3 * u, 1);
    for (let t = 0; t < time; t++) {
      const g = gates + 3 * t * step;
      const hPrev = t > 0 ? hidden + (t - 1) * step : zeros;
      const depth = t > 0 ? u : 0;
      p.add('gruCellStepA', rows, u, depth, g, hPrev, recurrent, packedZr, resetHidden + t * step, ra);
      p.add(
        'gruCellStepB',
        rows,
        u,
        depth,
        g,
        resetHidden + t * step,
        recurrent,
        packedH,
        hPrev,
        hidden + t * step,
      );
    }
    return returnSequences ? hidden : hidden + (time - 1) * step;
  }

  outputGrad(rows: number): number {
    const { window: time, units: u, returnSequences } = this.layer.config;
    return returnSequences ? this.buf.hiddenGrad : this.buf.hiddenGrad + (time - 1) * rows * u;
  }

  recordBackward(p: Program, input: number, rows: number, grads: number, inputGrad: number): void {
    const {
      window: time,
      units: u,
      inputSize: d,
      recurrentActivation: ra,
      returnSequences,
    } = this.layer.config;
    const { kernelT, recurrentT } = this.layer;
    const [wKernel, wRecurrent, wBias] = this.layer.weights;
    const { gates, resetHidden, hidden, hiddenGrad, resetHiddenGrad, sink, zeros } = this.buf;
    const step = rows * u;
    if (!returnSequences) p.add('fill', (time - 1) * step, 0, hiddenGrad);
    p.add('fill', step, 0, sink);
    for (let t = time - 1; t >= 0; t--) {
      const g = gates + 3 * t * step;
      const hPrev = t > 0 ? hidden + (t - 1) * step : zeros;
      const dhPrev = t > 0 ? hiddenGrad + (t - 1) * step : sink;
      p.add('gruBackwardA', rows, u, g, hPrev, hiddenGrad + t * step, dhPrev, ra);
      p.add('gemm', rows, u, u, g + 2 * u, 3 * u, 1, recurrentT + 2 * u * u, u, resetHiddenGrad, u, 0);
      p.add('gruBackwardB', rows, u, g, hPrev, resetHiddenGrad, dhPrev, ra);
      if (t > 0) p.add('gemm', rows, u, 2 * u, g, 3 * u, 1, recurrentT, u, dhPrev, u, 1);
    }
    const dRecurrent = grads + wRecurrent.offset;
    p.add('gemm', d, 3 * u, time * rows, input, 1, d, gates, 3 * u, grads + wKernel.offset, 3 * u, 0);
    if (time > 1) {
      p.add('gemm', u, 2 * u, (time - 1) * rows, hidden, 1, u, gates + 3 * step, 3 * u, dRecurrent, 3 * u, 0);
    } else {
      p.add('fill', u * 3 * u, 0, dRecurrent);
    }
    p.add('gemm', u, u, time * rows, resetHidden, 1, u, gates + 2 * u, 3 * u, dRecurrent + 2 * u, 3 * u, 0);
    p.add('sumRows', time * rows, 3 * u, gates, 3 * u, grads + wBias.offset, 0);
    if (inputGrad >= 0) p.add('gemm', time * rows, d, 3 * u, gates, 3 * u, 1, kernelT, d, inputGrad, d, 0);
  }
}
