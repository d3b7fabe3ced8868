import type { Forecaster, FitReport } from '../forecaster';
import { checkFitHistory } from './fit-history';
import { stateFiles } from './state-file';

/** Capabilities of the kinds that are plain arithmetic on the history. */
export const PLAIN_CAPABILITIES = Object.freeze({
  quantileLevels: Object.freeze([]) as readonly number[],
  warmStart: false,
  tensorflow: false,
});

/**
 * The naive forecast: every future close equals the origin close (daily returns all 0). The reference every
 * other model is judged against, and the champion when nothing better is promoted; its fit learns nothing.
 *
 * @example
 * const model = createPersistenceModel({ horizon: 7 });
 * await model.fit(history, { cutoff: '2023-02-11' });
 * await model.predict(origins); // [{ returns: [0, 0, 0, 0, 0, 0, 0] }, ...]
 */
export function createPersistenceModel(params: { readonly horizon: number }): Forecaster {
  const { horizon } = params;
  const name = 'persistence';
  return {
    name,
    horizon,
    minTrainDays: 1,
    inputDays: 1,
    historyDays: 1,
    capabilities: PLAIN_CAPABILITIES,
    async fit(history, context): Promise<FitReport> {
      const { symbols, dataFrom, dataThrough } = checkFitHistory(name, history, context.cutoff, 1);
      return { symbols, dataFrom, dataThrough, chosen: {}, details: {} };
    },
    async predict(origins) {
      return origins.map(() => ({ returns: new Array<number>(horizon).fill(0) }));
    },
    inputWarnings: () => [],
    save: async () => stateFiles({ kind: name, horizon }),
    dispose() {
      // Nothing held.
    },
  };
}
