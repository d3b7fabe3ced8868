// Test fixtures of @cf/forecasting for other projects' tests (`@cf/forecasting/testing`).
export { patternCandles, randomWalkCandles } from './test-support/synthetic-candles';
export { peekingModel, worldReadingModel } from './test-support/leaky-models';
export { constantReturnKind } from './test-support/constant-return-kind';
export { parseForecastRows, type ForecastRow } from './test-support/csv-rows';
