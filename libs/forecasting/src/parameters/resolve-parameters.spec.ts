import { InvalidParametersError } from '../errors';
import {
  formatParameterHelp,
  formatSageMakerHyperparameters,
  parametersUsedBy,
  resolveTrainingParameters,
} from './resolve-parameters';
import {
  DEFAULT_TRAINING_PARAMETERS,
  envSuffix,
  kebabName,
  TRAINING_PARAMETERS,
} from './training-parameters';

describe('the one table of training parameters', () => {
  it('derives every interface name from the parameter name', () => {
    expect(kebabName('batchSize')).toBe('batch-size');
    expect(envSuffix('evaluationRefitEvery')).toBe('EVALUATION_REFIT_EVERY');
    const names = TRAINING_PARAMETERS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('reads the same values from the command line, the environment, an HTTP body and SageMaker', () => {
    const cli = resolveTrainingParameters(
      { 'batch-size': '32', epochs: '5', units: '8,4', symbols: 'ETH,BTC' },
      { kind: 'cli' },
    );
    const env = resolveTrainingParameters(
      {
        MONITOR_TRAIN_BATCH_SIZE: '32',
        MONITOR_TRAIN_EPOCHS: '5',
        MONITOR_TRAIN_UNITS: '8,4',
        MONITOR_TRAIN_SYMBOLS: 'BTC,ETH',
      },
      { kind: 'env', prefix: 'MONITOR_TRAIN_' },
    );
    const http = resolveTrainingParameters(
      { batchSize: 32, epochs: 5, units: [8, 4], symbols: ['BTC', 'ETH'] },
      { kind: 'http' },
    );
    const sagemaker = resolveTrainingParameters(
      { 'batch-size': '32', epochs: '5', units: '8,4', symbols: 'BTC,ETH' },
      { kind: 'sagemaker' },
    );

    expect(cli).toEqual({
      ...DEFAULT_TRAINING_PARAMETERS,
      batchSize: 32,
      epochs: 5,
      units: [8, 4],
      symbols: ['BTC', 'ETH'],
    });
    expect(env).toEqual(cli);
    expect(http).toEqual(cli);
    expect(sagemaker).toEqual(cli);
  });

  it('reports every problem at once, each under the name its source uses', () => {
    const attempt = () =>
      resolveTrainingParameters(
        {
          MONITOR_TRAIN_EPOCHS: '0',
          MONITOR_TRAIN_FIT_PATH: 'gpu',
          MONITOR_TRAIN_SYMBOLS: 'btc',
          MONITOR_TRAIN_COLOUR: 'red',
        },
        { kind: 'env', prefix: 'MONITOR_TRAIN_' },
      );

    expect(attempt).toThrow(InvalidParametersError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidParametersError).problems).toEqual([
        "MONITOR_TRAIN_SYMBOLS has 'btc', which is not a symbol [A-Z0-9]{1,15}",
        'MONITOR_TRAIN_EPOCHS must be an integer from 1 to 10000, got "0"',
        'MONITOR_TRAIN_FIT_PATH must be one of auto, fast, stock, got "gpu"',
        "unknown parameter 'MONITOR_TRAIN_COLOUR'",
      ]);
    }
  });

  it('lets the caller check the model name against the registry', () => {
    expect(() =>
      resolveTrainingParameters(
        { model: 'arima' },
        { kind: 'cli' },
        { modelCheck: () => 'names no registered kind' },
      ),
    ).toThrow('--model names no registered kind');
  });

  it('round-trips through SageMaker hyperparameters, writing only what differs from the defaults', () => {
    const params = {
      ...DEFAULT_TRAINING_PARAMETERS,
      model: 'ridge',
      lags: 5,
      learningRate: 0.01,
      symbols: ['BTC'],
    };

    const hyperparameters = formatSageMakerHyperparameters(params);

    expect(hyperparameters).toEqual({ model: 'ridge', symbols: 'BTC', 'learning-rate': '0.01', lags: '5' });
    expect(resolveTrainingParameters(hyperparameters, { kind: 'sagemaker' })).toEqual(params);
  });

  it('records only what a kind reads, and prints help with the defaults of the table', () => {
    expect(Object.keys(parametersUsedBy(DEFAULT_TRAINING_PARAMETERS, ['ridge'])).sort()).toEqual(
      [
        'evaluationDays',
        'evaluationRefitEvery',
        'horizon',
        'lags',
        'model',
        'seed',
        'symbols',
        'validationFraction',
      ].sort(),
    );
    const help = formatParameterHelp();
    expect(help).toMatch(/--batch-size N\s+windows per gradient step \(default 64\) \[lstm, gru, dense\]/);
    expect(help).toMatch(/--epochs N .*\(default 30\)/);
  });
});
