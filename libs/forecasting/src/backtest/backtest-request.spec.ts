import { InvalidBacktestRequestError } from '../errors';
import { driftKind, persistenceKind, ridgeKind } from '../kinds/core-kinds';
import { SCALE_KINDS } from '../scale/scale-kinds';
import type { ModelKind } from '../model-kind';
import { DEFAULT_TRAINING_PARAMETERS } from '../parameters/training-parameters';
import { BACKTEST_REQUEST_DEFAULTS, resolveBacktestRequest, type BacktestRequest } from './backtest-request';

/** The core kinds plus a stand-in with variants, as the registry's network kinds have. */
const KINDS: readonly ModelKind[] = [
  persistenceKind,
  driftKind,
  ridgeKind,
  { ...ridgeKind, name: 'lstm', variants: ['scale-free', 'price-levels'] },
  ...SCALE_KINDS,
];

describe('resolveBacktestRequest', () => {
  it('fills in defaults: persistence and the naive ranges, drift, ridge, the default network and recipe, expanding, first cut-off audited, ranges calibrated', () => {
    const resolved = resolveBacktestRequest({ from: '2023-02-11' }, KINDS);

    expect(resolved).toEqual({
      from: '2023-02-11',
      refitEvery: BACKTEST_REQUEST_DEFAULTS.refitEvery,
      windowMode: 'expanding',
      models: [
        'persistence',
        'persistence+naive-empirical',
        'drift',
        'ridge',
        'lstm/scale-free',
        'persistence+garch',
      ],
      audit: 'first',
      warmStart: false,
      calibration: 'aci',
      calibrationWarmUp: 364,
      parameters: DEFAULT_TRAINING_PARAMETERS,
    });
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it('spells out variants, puts persistence first and drops duplicates', () => {
    const resolved = resolveBacktestRequest(
      {
        from: '2023-02-11',
        to: '2024-02-10',
        models: ['lstm', 'lstm/price-levels', 'persistence', 'lstm/scale-free', 'ridge'],
        windowMode: 'rolling',
        trainDays: 730,
        warmStart: true,
      },
      KINDS,
    );

    expect(resolved.models).toEqual(['persistence', 'lstm/scale-free', 'lstm/price-levels', 'ridge']);
    expect(resolved).toMatchObject({
      to: '2024-02-10',
      windowMode: 'rolling',
      trainDays: 730,
      warmStart: true,
    });
  });

  it.each<[BacktestRequest, string]>([
    [{ from: '2023-2-11' }, "backtest parameter 'from' must be a day YYYY-MM-DD"],
    [{ from: '2023-02-11', to: '2023-02-11' }, "'to' 2023-02-11 must be after from 2023-02-11"],
    [{ from: '2023-02-11', refitEvery: 0 }, "'refitEvery' must be an integer from 1 to 3650, got 0"],
    [
      { from: '2023-02-11', windowMode: 'sliding' as never },
      `'windowMode' must be one of expanding, rolling, got "sliding"`,
    ],
    [{ from: '2023-02-11', windowMode: 'rolling' }, "'trainDays' is required in rolling window mode"],
    [{ from: '2023-02-11', trainDays: 365 }, "'trainDays' applies to rolling window mode only"],
    [
      { from: '2023-02-11', models: ['lstm/raw'] },
      "'models' names an unknown model 'lstm/raw': lstm variants are scale-free, price-levels",
    ],
    [
      { from: '2023-02-11', models: ['arima'] },
      "'arima' is not a point kind. Point kinds: persistence, drift, ridge, lstm",
    ],
    [{ from: '2023-02-11', audit: 'some' as never }, `'audit' must be one of none, first, all, got "some"`],
    [
      { from: '2023-02-11', calibration: 'none', calibrationWarmUp: 364 },
      "'calibrationWarmUp' applies to aci calibration only",
    ],
    [
      { from: '2023-02-11', calibrationWarmUp: -7 },
      "'calibrationWarmUp' must be an integer from 0 to 3650, got -7",
    ],
  ])('refuses %j naming the parameter', (request, message) => {
    expect(() => resolveBacktestRequest(request, KINDS)).toThrow(InvalidBacktestRequestError);
    expect(() => resolveBacktestRequest(request, KINDS)).toThrow(message);
  });
});
