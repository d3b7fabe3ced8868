import type * as tfTypes from '@tensorflow/tfjs';
import { initTfBackend, InvalidModelInputError, type FitData } from '@cf/fast-rnn';
import { makeSineFitData } from '@cf/fast-rnn/testing';
import type { TimeSplit } from '@cf/features';
import { DEFAULT_TRAINING_PARAMETERS, type TrainingParameters } from '@cf/forecasting';
import { addDays } from '@cf/ohlcv';
import { buildForecastModel } from '../architectures/build-forecast-model';
import { fitModel } from './fit-model';
import { fitNetwork, type NetworkFitRequest } from './fit-network';

let tf: typeof tfTypes;
// Generous: the machine's two cores are shared with other test suites; these fits take well under a second alone.
jest.setTimeout(30_000);
beforeAll(async () => {
  ({ tf } = await initTfBackend());
});

const data = makeSineFitData({ trainCount: 128, validationCount: 32, window: 12, horizon: 3, seed: 2 });
const SPLIT: TimeSplit = {
  train: { from: '2022-01-01', to: '2022-06-26' },
  validation: { from: '2022-06-30', to: '2022-07-31' },
  test: { from: '2022-08-01', to: '2022-08-01' },
  gapDays: 3,
};
const PARAMS: TrainingParameters = {
  ...DEFAULT_TRAINING_PARAMETERS,
  window: 12,
  horizon: 3,
  epochs: 8,
  batchSize: 32,
  // Adam at 0.5 throws fitted weights far off, so no epoch beats warm weights that are scored.
  learningRate: 0.5,
  patience: 5,
  warmPatience: 2,
  seed: 9,
};
/** A training origin `horizon` + 1 days before validation: the latest the split allows. */
const HONEST = addDays(SPLIT.validation.from, -(PARAMS.horizon + 1));

function network(units = [8], seed = 5): tfTypes.LayersModel {
  return buildForecastModel(tf, {
    architecture: 'lstm',
    window: 12,
    featureCount: 2,
    horizon: 3,
    units,
    denseUnits: 8,
    learningRate: 1e-2,
    seed,
  });
}

async function fitted(): Promise<tfTypes.LayersModel> {
  const model = network();
  await fitModel(tf, model, data, { epochs: 6, batchSize: 32, learningRate: 1e-2, patience: 6, seed: 1 });
  return model;
}

function request(overrides: Partial<NetworkFitRequest>): NetworkFitRequest {
  return {
    data,
    split: SPLIT,
    trainedThrough: SPLIT.train.to,
    fixedEpochs: undefined,
    params: PARAMS,
    warm: undefined,
    context: {},
    ...overrides,
  };
}

function weightBytes(model: tfTypes.LayersModel): Buffer {
  return Buffer.concat(
    model.getWeights().map((w) => Buffer.from((w.dataSync() as Float32Array).slice().buffer)),
  );
}

describe('fitNetwork', () => {
  it('continues from warm weights that never trained on its validation windows, as epoch 0, with warmPatience', async () => {
    const warm = await fitted();
    const model = network([8], 6);

    const fit = await fitNetwork(tf, model, request({ warm: { model: warm, trainedThrough: HONEST } }));

    expect(fit).toMatchObject({ warmStarted: true, startScored: true });
    expect(fit.result).toMatchObject({ bestEpoch: 0, epochsRun: PARAMS.warmPatience });
    expect(Number.isFinite(fit.result.startValidationLoss)).toBe(true);
    expect(weightBytes(model).equals(weightBytes(warm))).toBe(true);
    // The later of the two: its own training part ends after the warm weights' did.
    expect(fit.weights).toEqual({ model, trainedThrough: SPLIT.train.to });
    [warm, model].forEach((m) => m.dispose());
  });

  it('does not score warm weights that trained on its validation period (after a refit on all data)', async () => {
    const warm = await fitted();
    const model = network([8], 6);
    const refitThrough = addDays(SPLIT.validation.from, -PARAMS.horizon);

    const fit = await fitNetwork(tf, model, request({ warm: { model: warm, trainedThrough: refitThrough } }));

    expect(fit).toMatchObject({ warmStarted: true, startScored: false });
    expect(fit.result.startValidationLoss).toBeNaN();
    expect(fit.result.bestEpoch).toBeGreaterThan(0);
    expect(fit.result.epochsRun).toBeLessThanOrEqual(fit.result.bestEpoch + PARAMS.warmPatience);
    expect(weightBytes(model).equals(weightBytes(warm))).toBe(false);
    // What its weights trained through is the refit's, later than its own training part.
    expect(fit.weights.trainedThrough).toBe(refitThrough);
    [warm, model].forEach((m) => m.dispose());
  });

  it('fits from scratch with `patience` and no epoch 0 when the warm weights have other shapes', async () => {
    const other = network([6]);
    const model = network();

    const fit = await fitNetwork(tf, model, request({ warm: { model: other, trainedThrough: HONEST } }));

    expect(fit).toMatchObject({ warmStarted: false, startScored: false });
    expect(fit.result.bestEpoch).toBeGreaterThan(0);
    expect(fit.result.startValidationLoss).toBeNaN();
    expect(fit.result.epochsRun).toBe(Math.min(PARAMS.epochs, fit.result.bestEpoch + PARAMS.patience));
    [other, model].forEach((m) => m.dispose());
  });

  it('a refit with chosen epochs 0 keeps the warm weights; without a warm start it is refused', async () => {
    const warm = await fitted();
    const model = network([8], 6);
    const refit: FitData = {
      ...data,
      validation: { x: new Float32Array(0), y: new Float32Array(0), count: 0 },
    };

    const kept = await fitNetwork(
      tf,
      model,
      request({ data: refit, fixedEpochs: 0, warm: { model: warm, trainedThrough: HONEST } }),
    );
    const refused = fitNetwork(tf, network(), request({ data: refit, fixedEpochs: 0 }));

    expect(kept.result).toMatchObject({ epochsRun: 0, bestEpoch: 0, history: [] });
    expect(kept.startScored).toBe(false);
    expect(weightBytes(model).equals(weightBytes(warm))).toBe(true);
    await expect(refused).rejects.toBeInstanceOf(InvalidModelInputError);
    await expect(refused).rejects.toThrow(
      'chosen epochs 0 keeps the weights of a warm start, and this fit has none',
    );
    [warm, model].forEach((m) => m.dispose());
  });
});
