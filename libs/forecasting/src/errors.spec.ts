import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  BACKTEST_ERROR_CODES,
  BacktestAbortedError,
  BacktestError,
  CorruptModelStateError,
  FORECASTING_ERROR_CODES,
  ForecastingError,
  FutureDataError,
  InsufficientHistoryError,
  InvalidBacktestRequestError,
  InvalidForecastError,
  InvalidParametersError,
  LookaheadError,
  ModelNotFittedError,
  NoBacktestOriginsError,
  UnknownForecastingModelError,
} from './errors';

describe('backtest and forecasting errors', () => {
  it('documents every code in the README table with its kind', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const errors: (BacktestError | ForecastingError)[] = [
      new UnknownForecastingModelError('x', 'no such kind'),
      new InvalidParametersError(['--epochs must be an integer from 1 to 10000, got "0"'], 'command line'),
      new CorruptModelStateError('ridge', 'state.json', 'is missing'),
      new BacktestAbortedError('2023-01-01'),
      new InsufficientHistoryError('drift', '2023-01-01', 'too short'),
      new ModelNotFittedError('drift', 'predict before fit'),
      new FutureDataError('drift', '2023-01-01', '2023-01-02', 'BTC'),
      new InvalidBacktestRequestError('from', 'is bad'),
      new NoBacktestOriginsError('2023-01-01', '2023-02-01', 'none'),
      new LookaheadError('m', '2023-01-01', 'fit', 'moved'),
      new InvalidForecastError('m', '2023-01-01', 'NaN'),
    ];

    expect(errors.map((e) => e.code).sort()).toEqual(
      [...Object.keys(FORECASTING_ERROR_CODES), ...Object.keys(BACKTEST_ERROR_CODES)].sort(),
    );
    for (const error of errors) {
      expect(error.name).toBe(error.constructor.name);
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${error.code}\`\\s*\\|\\s*${error.kind}\\s*\\|`));
    }
  });

  it('names the model and the cut-off of a look-ahead', () => {
    const error = new LookaheadError(
      'test/peeking',
      '2023-06-30',
      'predict',
      'the forecast of BTC from 2023-07-01 changed',
    );

    expect(error).toMatchObject({
      code: 'MODEL_BACKTEST_LOOKAHEAD',
      kind: 'internal',
      model: 'test/peeking',
      cutoff: '2023-06-30',
    });
    expect(error.message).toBe(
      'model test/peeking looks ahead at cut-off 2023-06-30 (predict): the forecast of BTC from 2023-07-01 changed',
    );
  });
});
