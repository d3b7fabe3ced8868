export * from './architectures/model-spec';
export { buildForecastModel, LAYER_NAMES } from './architectures/build-forecast-model';
export { fitModel, resolveFitPath, type FitModelOptions, type FitPathChoice } from './fit/fit-model';
export { fitStock } from './fit/fit-stock';
