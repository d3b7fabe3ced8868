/**
 * The kernels a training step and a forward pass are made of, and a `Program`: a recorded list of kernel calls over one
 * float memory. A step is recorded once per batch size and replayed for every batch, by the TypeScript
 * kernels or by the WebAssembly ones, on the main thread or in a worker. Every argument is a number;
 * buffers are offsets in floats into the memory.
 */

/** Activation codes shared by both kernel implementations. */
export const Activation = { linear: 0, relu: 1, tanh: 2, sigmoid: 3, hardSigmoid: 4 } as const;
/** One of the `Activation` codes. */
export type ActivationCode = (typeof Activation)[keyof typeof Activation];

/** Argument lists of every kernel, in call order (see ts-kernels.ts for the meaning of each). */
export interface KernelSignatures {
  gemm: [
    m: number,
    n: number,
    k: number,
    a: number,
    aRowStride: number,
    aDepthStride: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: number,
  ];
  fill: [n: number, value: number, dst: number];
  fillRows: [rows: number, cols: number, src: number, dst: number];
  sumRows: [rows: number, cols: number, src: number, lds: number, dst: number, accumulate: number];
  transpose: [rows: number, cols: number, src: number, dst: number];
  addTo: [n: number, src: number, dst: number];
  packGates: [
    depth: number,
    units: number,
    gateBlocks: number,
    first: number,
    count: number,
    src: number,
    dst: number,
  ];
  lstmBackward: [
    batch: number,
    units: number,
    gates: number,
    cPrev: number,
    tanhC: number,
    dh: number,
    dc: number,
    recurrentActivation: number,
  ];
  gruBackwardA: [
    batch: number,
    units: number,
    gates: number,
    hPrev: number,
    dh: number,
    dhPrev: number,
    recurrentActivation: number,
  ];
  gruBackwardB: [
    batch: number,
    units: number,
    gates: number,
    hPrev: number,
    dRh: number,
    dhPrev: number,
    recurrentActivation: number,
  ];
  lstmCellStep: [
    rows: number,
    units: number,
    depth: number,
    gates: number,
    hPrev: number,
    recurrent: number,
    packed: number,
    cPrev: number,
    c: number,
    tanhC: number,
    h: number,
    recurrentActivation: number,
    keep: number,
  ];
  gruCellStepA: [
    rows: number,
    units: number,
    depth: number,
    gates: number,
    hPrev: number,
    recurrent: number,
    packed: number,
    rh: number,
    recurrentActivation: number,
  ];
  gruCellStepB: [
    rows: number,
    units: number,
    depth: number,
    gates: number,
    rh: number,
    recurrent: number,
    packed: number,
    hPrev: number,
    h: number,
  ];
  activate: [n: number, activation: number, x: number];
  activateBackward: [n: number, activation: number, y: number, dy: number];
  mse: [n: number, pred: number, y: number, scale: number, dPred: number, lossOut: number];
  adam: [
    n: number,
    params: number,
    grads: number,
    m: number,
    v: number,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
  ];
}

/** A kernel's name. */
export type KernelName = keyof KernelSignatures;

/** One recorded call: the kernel's name then its arguments. */
export type KernelCall = [KernelName, ...number[]];

/** A list of kernel calls, recorded once and replayed many times. */
export class Program {
  readonly calls: KernelCall[] = [];

  /** Appends one call. */
  add<K extends KernelName>(name: K, ...args: KernelSignatures[K]): void {
    this.calls.push([name, ...args]);
  }
}

/** Something that runs programs over its memory (TypeScript or WebAssembly kernels). */
export interface KernelRunner {
  /** The whole memory as floats; buffers are offsets into it. */
  readonly memory: Float32Array;
  run(program: Program): void;
}
