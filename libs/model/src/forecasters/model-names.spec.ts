import { initTfBackend } from '@cf/fast-rnn';
import { TRAIN_REQUEST_DEFAULTS } from '../training/train-forecaster-request';
import { UnknownForecastingModelError } from './forecasting-errors';
import { createForecastingModel, DEFAULT_NEURAL_MODEL_NAME, parseForecastingModelName } from './model-names';
import { requiredCandles } from '../serving/required-candles';

describe('forecasting model names', () => {
  it('parses baselines and architecture/feature-set names', () => {
    expect(parseForecastingModelName('persistence')).toEqual({ kind: 'persistence' });
    expect(parseForecastingModelName('drift')).toEqual({ kind: 'drift' });
    expect(parseForecastingModelName('gru/price-levels')).toEqual({
      kind: 'neural',
      architecture: 'gru',
      featureSet: 'price-levels',
    });
    expect(DEFAULT_NEURAL_MODEL_NAME).toBe(
      `${TRAIN_REQUEST_DEFAULTS.architecture}/${TRAIN_REQUEST_DEFAULTS.featureSet}`,
    );
  });

  it.each(['lstm', 'lstm/', 'transformer/scale-free', 'lstm/raw', 'lstm/scale-free/x', ''])(
    "refuses '%s' with a typed error naming it",
    (name) => {
      expect(() => parseForecastingModelName(name)).toThrow(UnknownForecastingModelError);
      expect(() => parseForecastingModelName(name)).toThrow(`unknown forecasting model '${name}'`);
    },
  );

  it('creates each model with its name, horizon and input needs', async () => {
    const { tf } = await initTfBackend();

    const dense = createForecastingModel(tf, 'dense/price-levels', {
      window: 10,
      horizon: 3,
      architecture: 'lstm',
    });
    const drift = createForecastingModel(tf, 'drift', { horizon: 3 });

    expect(dense).toMatchObject({
      name: 'dense/price-levels',
      horizon: 3,
      inputDays: requiredCandles('price-levels', 10),
    });
    expect(drift).toMatchObject({ name: 'drift', horizon: 3, inputDays: 1 });
    expect(createForecastingModel(tf, 'persistence').horizon).toBe(TRAIN_REQUEST_DEFAULTS.horizon);
    dense.dispose();
    drift.dispose();
  });
});
