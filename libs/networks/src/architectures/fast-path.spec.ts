import type * as tfTypes from '@tensorflow/tfjs';
import { canFitFast, initTfBackend } from '@cf/fast-rnn';
import { buildForecastModel } from './build-forecast-model';

let tf: typeof tfTypes;

beforeAll(async () => {
  ({ tf } = await initTfBackend({ prefer: 'wasm' }));
});

describe('the fast path and the forecaster builder', () => {
  it('accepts the forecaster builder lstm and gru models, refuses the dense one', () => {
    const spec = { window: 10, featureCount: 4, horizon: 3, learningRate: 1e-3, seed: 1 };
    const models = (['lstm', 'gru', 'dense'] as const).map((architecture) =>
      buildForecastModel(tf, { ...spec, architecture }),
    );

    expect(models.map((m) => canFitFast(m))).toEqual([true, true, false]);
    models.forEach((m) => m.dispose());
  });
});
