import { TRAIN_REQUEST_DEFAULTS } from '../training/train-forecaster-request';
import { InvalidBacktestRequestError } from './backtest-errors';
import { BACKTEST_REQUEST_DEFAULTS, resolveBacktestRequest, type BacktestRequest } from './backtest-request';

describe('resolveBacktestRequest', () => {
  it('fills in defaults: persistence, drift and the default neural model, expanding, first cut-off audited', () => {
    const resolved = resolveBacktestRequest({ from: '2023-02-11' });

    expect(resolved).toEqual({
      from: '2023-02-11',
      refitEvery: BACKTEST_REQUEST_DEFAULTS.refitEvery,
      windowMode: 'expanding',
      models: ['persistence', 'drift', 'lstm/scale-free'],
      symbols: [],
      audit: 'first',
      training: {
        window: TRAIN_REQUEST_DEFAULTS.window,
        horizon: TRAIN_REQUEST_DEFAULTS.horizon,
        epochs: TRAIN_REQUEST_DEFAULTS.epochs,
        batchSize: TRAIN_REQUEST_DEFAULTS.batchSize,
        learningRate: TRAIN_REQUEST_DEFAULTS.learningRate,
        patience: TRAIN_REQUEST_DEFAULTS.patience,
        seed: TRAIN_REQUEST_DEFAULTS.seed,
        validationFraction: TRAIN_REQUEST_DEFAULTS.validationFraction,
        fitPath: 'auto',
      },
    });
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it('completes bare architectures with the feature set, puts persistence first and drops duplicates', () => {
    const resolved = resolveBacktestRequest({
      from: '2023-02-11',
      to: '2024-02-10',
      models: ['gru', 'dense/price-levels', 'persistence', 'gru/price-levels', 'gru'],
      featureSet: 'price-levels',
      symbols: ['ETH', 'BTC', 'ETH'],
      windowMode: 'rolling',
      trainDays: 730,
      training: { epochs: 15, units: [8, 4], validationFraction: 0.4 },
    });

    expect(resolved.models).toEqual(['persistence', 'gru/price-levels', 'dense/price-levels']);
    expect(resolved.symbols).toEqual(['BTC', 'ETH']);
    expect(resolved).toMatchObject({ to: '2024-02-10', windowMode: 'rolling', trainDays: 730 });
    expect(resolved.training).toMatchObject({ epochs: 15, units: [8, 4], validationFraction: 0.4 });
  });

  it.each<[BacktestRequest, string]>([
    [{ from: '2023-2-11' }, "backtest parameter 'from' must be a day YYYY-MM-DD"],
    [{ from: '2023-02-11', to: '2023-02-11' }, "'to' 2023-02-11 must be after from 2023-02-11"],
    [{ from: '2023-02-11', refitEvery: 0 }, "'refitEvery' must be an integer from 1 to 3650, got 0"],
    [
      { from: '2023-02-11', windowMode: 'sliding' as never },
      "'windowMode' 'sliding' is not one of expanding, rolling",
    ],
    [{ from: '2023-02-11', windowMode: 'rolling' }, "'trainDays' is required in rolling window mode"],
    [{ from: '2023-02-11', trainDays: 365 }, "'trainDays' applies to rolling window mode only"],
    [{ from: '2023-02-11', models: ['lstm/raw'] }, "'models' unknown forecasting model 'lstm/raw'"],
    [{ from: '2023-02-11', symbols: ['btc'] }, "'symbols' has 'btc'"],
    [{ from: '2023-02-11', audit: 'some' as never }, "'audit' 'some' is not one of none, first, all"],
    [
      { from: '2023-02-11', training: { epochs: 0 } },
      "'training.epochs' must be an integer from 1 to 10000, got 0",
    ],
    [
      { from: '2023-02-11', training: { validationFraction: 1 } },
      "'training.validationFraction' must be a number in (0, 1)",
    ],
  ])('refuses %j naming the parameter', (request, message) => {
    expect(() => resolveBacktestRequest(request)).toThrow(InvalidBacktestRequestError);
    expect(() => resolveBacktestRequest(request)).toThrow(message);
  });
});
