import type { FastLayer, InferenceSlot, LayerSlot, WeightSlot } from './layer';
import type { Layout } from './layout';
import { Activation } from './program';
import type { Program } from './program';

/** Configuration of a dense layer (kernel [in, units], bias [units]). */
export interface DenseConfig {
  readonly inputSize: number;
  readonly units: number;
  /** `Activation` code: linear, relu, tanh or sigmoid. */
  readonly activation: number;
}

/** Dense layer: y = act(x·W + b) over a batch of rows. */
export class DenseLayer implements FastLayer {
  readonly weights: WeightSlot[];
  readonly outputSize: number;
  kernel = 0;
  bias = 0;
  kernelT = 0;

  constructor(readonly config: DenseConfig) {
    const { inputSize: d, units: u } = config;
    this.weights = [
      { shape: [d, u], size: d * u, offset: 0 },
      { shape: [u], size: u, offset: 0 },
    ];
    this.outputSize = u;
  }

  planShared(layout: Layout, params: number): void {
    this.kernel = params + this.weights[0].offset;
    this.bias = params + this.weights[1].offset;
    this.kernelT = layout.alloc(this.config.inputSize * this.config.units);
  }

  recordTransposes(program: Program): void {
    program.add('transpose', this.config.inputSize, this.config.units, this.kernel, this.kernelT);
  }

  planSlot(layout: Layout, maxRows: number): LayerSlot {
    return new DenseSlot(
      this,
      layout.alloc(maxRows * this.config.units),
      layout.alloc(maxRows * this.config.units),
    );
  }

  planInference(layout: Layout, maxRows: number): InferenceSlot {
    const output = layout.alloc(maxRows * this.config.units);
    return {
      recordReset: () => undefined,
      recordStep: (p, input, inputStride, rows) => recordDense(p, this, input, inputStride, rows, output),
    };
  }
}

/** y = act(x·W + b) for `rows` rows of x `inputStride` floats apart, into `output`. */
function recordDense(
  p: Program,
  layer: DenseLayer,
  input: number,
  inputStride: number,
  rows: number,
  output: number,
): number {
  const { inputSize: d, units: u, activation } = layer.config;
  p.add('fillRows', rows, u, layer.bias, output);
  p.add('gemm', rows, u, d, input, inputStride, 1, layer.kernel, u, output, u, 1);
  if (activation !== Activation.linear) p.add('activate', rows * u, activation, output);
  return output;
}

class DenseSlot implements LayerSlot {
  constructor(
    private readonly layer: DenseLayer,
    private readonly output: number,
    private readonly grad: number,
  ) {}

  recordForward(p: Program, input: number, rows: number): number {
    return recordDense(p, this.layer, input, this.layer.config.inputSize, rows, this.output);
  }

  outputGrad(): number {
    return this.grad;
  }

  recordBackward(p: Program, input: number, rows: number, grads: number, inputGrad: number): void {
    const { inputSize: d, units: u, activation } = this.layer.config;
    const [wKernel, wBias] = this.layer.weights;
    if (activation !== Activation.linear)
      p.add('activateBackward', rows * u, activation, this.output, this.grad);
    p.add('gemm', d, u, rows, input, 1, d, this.grad, u, grads + wKernel.offset, u, 0);
    p.add('sumRows', rows, u, this.grad, u, grads + wBias.offset, 0);
    if (inputGrad >= 0) p.add('gemm', rows, d, u, this.grad, u, 1, this.layer.kernelT, d, inputGrad, d, 0);
  }
}
