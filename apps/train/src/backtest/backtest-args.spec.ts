import { DEFAULT_NEURAL_MODEL_NAME } from '@cf/model';
import { InvalidHyperparameterError, UsageError } from '../errors';
import { backtestUsage, parseBacktestArgs } from './backtest-args';

describe('parseBacktestArgs', () => {
  it('reads every flag into a resolved backtest request', () => {
    const command = parseBacktestArgs([
      '--from',
      '2023-02-11',
      '--to',
      '2024-02-10',
      '--refit-every',
      '91',
      '--window-mode',
      'rolling',
      '--train-days',
      '730',
      '--model',
      'lstm/price-levels, gru,dense',
      '--features',
      'scale-free',
      '--symbols',
      'btc,ETH',
      '--audit',
      'all',
      '--epochs',
      '15',
      '--window',
      '30',
      '--horizon',
      '5',
      '--batch-size',
      '32',
      '--learning-rate',
      '5e-4',
      '--patience',
      '3',
      '--seed',
      '9',
      '--validation-fraction',
      '0.2',
      '--units',
      '16,8',
      '--fit-path',
      'stock',
      '--store',
      's3://bucket/p',
    ]);

    expect(command).toEqual({
      command: 'backtest',
      storeUrl: 's3://bucket/p',
      request: {
        from: '2023-02-11',
        to: '2024-02-10',
        refitEvery: 91,
        windowMode: 'rolling',
        trainDays: 730,
        models: ['persistence', 'lstm/price-levels', 'gru/scale-free', 'dense/scale-free'],
        symbols: ['BTC', 'ETH'],
        audit: 'all',
        training: {
          epochs: 15,
          window: 30,
          horizon: 5,
          batchSize: 32,
          learningRate: 5e-4,
          patience: 3,
          seed: 9,
          validationFraction: 0.2,
          units: [16, 8],
          fitPath: 'stock',
        },
      },
    });
  });

  it('defaults to persistence, drift and the default neural model on the whole data', () => {
    const command = parseBacktestArgs(['--from', '2023-02-11', '--features', 'price-levels']);
    if (command.command !== 'backtest') throw new Error('expected a backtest');
    const { request } = command;

    expect(request.models).toEqual([
      'persistence',
      'drift',
      DEFAULT_NEURAL_MODEL_NAME.replace('scale-free', 'price-levels'),
    ]);
    expect(request.to).toBeUndefined();
    expect(request.training.epochs).toBe(30);
  });

  it('answers --help with its usage, which lists every flag', () => {
    expect(parseBacktestArgs(['--help'])).toEqual({ command: 'backtest-help' });
    for (const flag of [
      '--from DATE',
      '--refit-every',
      '--window-mode',
      '--train-days',
      '--model',
      '--features',
      '--epochs',
      '--audit',
      '--store URL',
    ]) {
      expect(backtestUsage()).toContain(flag);
    }
  });

  it.each([
    [[], UsageError, 'backtest needs --from DATE'],
    [['--from', '2023-02-11', '--architecture', 'gru'], UsageError, "Unknown option '--architecture'"],
    [['--from', '2023-02-11', 'extra'], UsageError, "unexpected argument 'extra'"],
    [['--from', '2023-13-01'], InvalidHyperparameterError, '--from must be a day YYYY-MM-DD'],
    [
      ['--from', '2023-02-11', '--epochs', 'ten'],
      InvalidHyperparameterError,
      "--epochs: 'ten' is not an integer",
    ],
    [
      ['--from', '2023-02-11', '--epochs', '0'],
      InvalidHyperparameterError,
      '--epochs must be an integer from 1 to 10000',
    ],
    [
      ['--from', '2023-02-11', '--model', 'lstm/raw'],
      InvalidHyperparameterError,
      "--model unknown forecasting model 'lstm/raw'",
    ],
    [
      ['--from', '2023-02-11', '--window-mode', 'rolling'],
      InvalidHyperparameterError,
      '--train-days is required in rolling',
    ],
    [
      ['--from', '2023-02-11', '--units', '8,x'],
      InvalidHyperparameterError,
      'a comma-separated list of layer widths',
    ],
  ] as const)('refuses %j naming the flag', (argv, type, message) => {
    expect(() => parseBacktestArgs(argv)).toThrow(type);
    expect(() => parseBacktestArgs(argv)).toThrow(message);
  });
});
