// WebAssembly kernels of the fast recurrent path, in AssemblyScript (compiled by build.mjs; never by tsc).
// Same functions, arguments and arithmetic as ../ts-kernels.ts, which documents each of them; here they
// use 128-bit SIMD. Every buffer argument is an offset in floats into the imported (shared) memory;
// nothing here allocates. This entry lists what the module exports; the code is in:
//   math.as       addressing, tanh / exp / sigmoid (scalar and four lanes)
//   gemm.as       the matrix product (register and cache blocking)
//   lstm-cell.as  the LSTM cell on four units
//   cells.as      backpropagation through the LSTM and GRU cells
//   steps.as      the fused recurrent steps (recurrent product + cell), training and inference
//   misc.as       fills, sums, transposes and packed copies, dense activations, loss, Adam

export { gemm } from './gemm';
export { gruBackwardA, gruBackwardB, lstmBackward } from './cells';
export { gruCellStepA, gruCellStepB, lstmCellStep } from './steps';
export { activate, activateBackward, adam, addTo, fill, fillRows, mse, packGates, sumRows, transpose } from './misc';
