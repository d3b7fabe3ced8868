import type { Forecast } from './forecast';
import { parseForecast, UNRECORDED_MODEL } from './parse-forecast';

const forecast: Forecast = {
  symbol: 'BTC',
  lastObservedDate: '2024-02-11',
  lastClose: 48000,
  generatedAt: '2024-02-12T00:05:00.000Z',
  modelVersion: '20240201T000000Z-abc123',
  model: 'persistence',
  modelTrainedThrough: '2024-01-31',
  horizon: 2,
  steps: [
    {
      horizonDay: 1,
      targetDate: '2024-02-12',
      predictedReturn: 0,
      predictedClose: 48000,
      quantiles: [
        { level: 0.05, close: 46000 },
        { level: 0.5, close: 48000 },
        { level: 0.95, close: 50000 },
      ],
    },
    { horizonDay: 2, targetDate: '2024-02-13', predictedReturn: 0, predictedClose: 48000 },
  ],
  outOfDistribution: [],
};

describe('parseForecast', () => {
  it('reads back what infer writes, quantiles included', () => {
    expect(parseForecast(JSON.parse(JSON.stringify(forecast)))).toEqual(forecast);
  });

  it('still reads a forecast published before forecasts named their model', () => {
    const { model: _model, ...legacy } = forecast;
    expect(parseForecast({ ...legacy, window: 60 })).toEqual({ ...forecast, model: UNRECORDED_MODEL });
  });

  it.each<[string, unknown, string]>([
    ['not an object', [], 'not an object'],
    ['a bad symbol', { ...forecast, symbol: 'btc!' }, 'symbol "btc!" is not a ticker'],
    ['a non-positive close', { ...forecast, lastClose: 0 }, 'lastClose 0 is not a positive number'],
    ['an empty model', { ...forecast, model: '' }, 'model "" is not a model name'],
    ['too few steps', { ...forecast, steps: forecast.steps.slice(1) }, 'steps must be an array of 2 days'],
    [
      'a target on the origin',
      { ...forecast, steps: [{ ...forecast.steps[0], targetDate: '2024-02-11' }, forecast.steps[1]] },
      'steps[0] is not a forecast step of horizon day 1 after 2024-02-11',
    ],
    [
      'crossing quantiles',
      {
        ...forecast,
        steps: [
          {
            ...forecast.steps[0],
            quantiles: [
              { level: 0.05, close: 49000 },
              { level: 0.5, close: 48000 },
            ],
          },
          forecast.steps[1],
        ],
      },
      'steps[0].quantiles[1] is not a quantile above the one before',
    ],
  ])('names what is wrong with %s', (_what, value, problem) => {
    const parsed = parseForecast(value);
    expect(typeof parsed).toBe('string');
    expect(parsed).toContain(problem);
  });
});
