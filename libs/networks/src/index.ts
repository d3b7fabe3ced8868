export * from './errors';
export * from './architectures/model-spec';
export { buildForecastModel, LAYER_NAMES } from './architectures/build-forecast-model';
export { fitModel, resolveFitPath, type FitModelOptions, type FitPathChoice } from './fit/fit-model';
export { fitStock } from './fit/fit-stock';
export { deserializeNetwork, MODEL_JSON, serializeNetwork, WEIGHTS_BIN } from './io/network-files';
export {
  createNetworkModel,
  loadNetworkModel,
  SCALER_JSON,
  type TensorflowRuntime,
} from './kinds/network-model';
export { networkKinds } from './kinds/network-kinds';
