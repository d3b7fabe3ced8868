import type { ModelKind } from '../model-kind';
import { createDriftModel } from './drift-model';
import { createPersistenceModel } from './persistence-model';
import { createRidgeModel } from './ridge-model';

/** Persistence: the reference of every ratio and the champion when nothing better is promoted. */
export const persistenceKind: ModelKind = {
  name: 'persistence',
  role: 'point',
  summary: 'repeats the last close: the baseline every point forecast is judged against',
  variants: [],
  create: (_ref, params) => createPersistenceModel(params),
  load: async (_ref, params) => createPersistenceModel(params),
};

/** Drift: a random walk with the mean daily log return of the history up to the cut-off. */
export const driftKind: ModelKind = {
  name: 'drift',
  role: 'point',
  summary: 'random walk with drift: the mean daily log return of the history up to the cut-off',
  variants: [],
  create: (_ref, params) => createDriftModel(params),
  load: async (_ref, params, files) => createDriftModel(params, files),
};

/** Ridge regression on lagged scale-free features, its penalty chosen by time-split validation. */
export const ridgeKind: ModelKind = {
  name: 'ridge',
  role: 'point',
  summary: 'ridge regression on the last `lags` days of scale-free features, penalty chosen by validation',
  variants: [],
  create: (_ref, params) => createRidgeModel(params),
  load: async (_ref, params, files) => createRidgeModel(params, files),
};
