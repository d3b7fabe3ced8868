export * from './errors';
export type { EpochReport, FitData, FitOptions, FitPath, FitResult, FitSplit } from './fit-types';
export { assertValidFitData, assertValidFitOptions, withoutValidation } from './validate-fit';
export { canFitFast, fitFast } from './fit-fast';
export {
  canPredictFast,
  createFastForward,
  FORWARD_CHUNK_ROWS,
  type FastForward,
  type FastForwardOptions,
} from './fast-forward';
// For benchmarks that pin the engine and thread count; `fitFast` picks them itself.
export { trainFast, type FastEngine } from './trainer';
export { wasmEngine } from './engine';
export { kernelBuild, type KernelBuild } from './wasm-kernels';
export {
  currentBackend,
  initTfBackend,
  type BackendLogger,
  type InitTfBackendOptions,
  type TfBackendInfo,
  type TfBackendName,
} from './backend/init-tf-backend';
