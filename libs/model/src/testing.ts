// Test fixtures of @cf/model for other projects' tests (`@cf/model/testing`). Tests only: reads sample files.
export { makeSineFitData, type SineFitDataOptions } from './testing/synthetic-fit-data';
export {
  writeTinyModelVersion,
  type TinyModelVersion,
  type TinyModelVersionOptions,
} from './testing/tiny-model-version';
