import {
  DEFAULT_TRAINING_PARAMETERS,
  InvalidBacktestRequestError,
  InvalidParametersError,
} from '@cf/forecasting';
import { modelKinds } from '@cf/model';
import { UsageError } from '../errors';
import { backtestUsage, parseBacktestArgs } from './backtest-args';

const kinds = modelKinds();

describe('parseBacktestArgs', () => {
  it('reads every flag into a resolved backtest request, the parameters by the one table', () => {
    const command = parseBacktestArgs(
      [
        '--from',
        '2023-02-11',
        '--to',
        '2024-02-10',
        '--refit-every',
        '7',
        '--window-mode',
        'rolling',
        '--train-days',
        '730',
        '--models',
        'lstm/price-levels, gru,dense,ridge+garch',
        '--symbols',
        'BTC,ETH',
        '--audit',
        'all',
        '--warm-start',
        'true',
        '--calibration',
        'aci',
        '--calibration-warm-up',
        '91',
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
        '--lags',
        '5',
        '--store',
        's3://bucket/p',
      ],
      kinds,
    );

    expect(command).toEqual({
      command: 'backtest',
      storeUrl: 's3://bucket/p',
      request: {
        from: '2023-02-11',
        to: '2024-02-10',
        refitEvery: 7,
        windowMode: 'rolling',
        trainDays: 730,
        models: [
          'persistence',
          'persistence+naive-empirical',
          'lstm/price-levels',
          'gru/scale-free',
          'dense/scale-free',
          'ridge+garch',
        ],
        audit: 'all',
        warmStart: true,
        calibration: 'aci',
        calibrationWarmUp: 91,
        parameters: {
          ...DEFAULT_TRAINING_PARAMETERS,
          symbols: ['BTC', 'ETH'],
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
          lags: 5,
        },
      },
    });
  });

  it('defaults to persistence, drift, ridge, the default network and the default recipe, with the naive ranges, on the whole data', () => {
    const command = parseBacktestArgs(['--from', '2023-02-11'], kinds);
    if (command.command !== 'backtest') throw new Error('expected a backtest');

    expect(command.request.models).toEqual([
      'persistence',
      'persistence+naive-empirical',
      'drift',
      'ridge',
      'lstm/scale-free',
      'persistence+garch',
    ]);
    expect(command.request.calibration).toBe('aci');
    expect(command.request.to).toBeUndefined();
    expect(command.request.parameters).toEqual(DEFAULT_TRAINING_PARAMETERS);
  });

  it('answers --help with its usage, which lists every flag with its default', () => {
    expect(parseBacktestArgs(['--help'], kinds)).toEqual({ command: 'backtest-help' });
    for (const flag of [
      '--from X',
      '--refit-every',
      '--window-mode',
      '--train-days',
      '--models',
      '--warm-start',
      '--audit',
      '--store URL',
    ]) {
      expect(backtestUsage()).toContain(flag);
    }
    expect(backtestUsage()).toMatch(/--epochs N +most epochs .*\(default 30\)/);
    expect(backtestUsage()).not.toContain('--evaluation-days');
  });

  it.each([
    [[], UsageError, 'backtest needs --from DATE'],
    [['--from', '2023-02-11', '--architecture', 'gru'], UsageError, "Unknown option '--architecture'"],
    [['--from', '2023-02-11', '--model', 'gru'], UsageError, "Unknown option '--model'"],
    [['--from', '2023-02-11', 'extra'], UsageError, "unexpected argument 'extra'"],
    [['--from', '2023-13-01'], InvalidParametersError, '--from must be a day YYYY-MM-DD'],
    [
      ['--from', '2023-02-11', '--epochs', 'ten'],
      InvalidParametersError,
      '--epochs must be an integer from 1 to 10000, got "ten"',
    ],
    [
      ['--from', '2023-02-11', '--models', 'lstm/raw'],
      InvalidParametersError,
      "--models names an unknown model 'lstm/raw'",
    ],
    [
      ['--from', '2023-02-11', '--window-mode', 'rolling'],
      InvalidParametersError,
      '--train-days is required in rolling',
    ],
    [
      ['--from', '2023-02-11', '--warm-start', 'yes'],
      InvalidParametersError,
      '--warm-start must be true or false',
    ],
  ] as const)('refuses %j naming the flag', (argv, type, message) => {
    expect(() => parseBacktestArgs(argv, kinds)).toThrow(type);
    expect(() => parseBacktestArgs(argv, kinds)).toThrow(message);
    expect(InvalidBacktestRequestError).toBeDefined();
  });
});
