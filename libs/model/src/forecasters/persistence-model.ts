import type { ModelFitReport, ForecastingModel } from './forecasting-model';
import { checkFitHistory } from './fit-history';

/**
 * The naive forecast: every future close equals the origin close (daily returns all 0). The reference every
 * other model is judged against; its fit learns nothing.
 *
 * @example
 * const model = createPersistenceModel(7);
 * await model.fit(history, { cutoff: '2023-02-11' });
 * await model.predict(origins); // [[0, 0, 0, 0, 0, 0, 0], ...]
 */
export function createPersistenceModel(horizon: number): ForecastingModel {
  const name = 'persistence';
  return {
    name,
    horizon,
    minTrainDays: 1,
    inputDays: 1,
    async fit(history, options): Promise<ModelFitReport> {
      const { symbols, dataFrom, dataThrough } = checkFitHistory(name, history, options.cutoff, 1);
      return { symbols, dataFrom, dataThrough };
    },
    async predict(origins) {
      return origins.map(() => new Array<number>(horizon).fill(0));
    },
    dispose() {
      // Nothing held.
    },
  };
}
