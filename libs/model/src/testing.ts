// Test fixtures of @cf/model for other projects' tests (`@cf/model/testing`). Tests only: reads sample files.
export { makeSineFitData, type SineFitDataOptions } from '@cf/fast-rnn/testing';
export {
  writeTinyModelVersion,
  type TinyModelVersion,
  type TinyModelVersionOptions,
} from './testing/tiny-model-version';
