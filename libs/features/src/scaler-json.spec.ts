import type { ModelScalers } from './model-scalers';
import { parseScalers, serializeScalers } from './scaler-json';
import { expectFeaturesError } from './test-support/sample-candles';

const scalers: ModelScalers = {
  schemaVersion: 1,
  featureSet: 'scale-free',
  window: 60,
  horizon: 3,
  fittedThrough: '2022-06-30',
  features: {
    names: [
      'log_return',
      'close_to_sma_7',
      'close_to_sma_14',
      'close_to_ema_7',
      'range_to_close',
      'log_return_std_7',
      'rsi_14',
      'log_volume_change',
    ],
    mean: [0.0012345678901234567, -0.1, 0.2, 1 / 3, 0.05, 0.03, 0.51, 1e-17],
    std: [0.04, 0.05, 0.07, 0.045, 0.03, 0.02, 0.19, 0.3],
  },
  target: {
    names: ['return_d1', 'return_d2', 'return_d3'],
    mean: [0.001, 0.0011, 0.0009],
    std: [0.04, 0.041, 0.039],
  },
};

function withField(path: string, value: unknown): string {
  const doc = JSON.parse(serializeScalers(scalers));
  const keys = path.split('.');
  let at = doc;
  for (const key of keys.slice(0, -1)) at = at[key];
  if (value === undefined) delete at[keys[keys.length - 1]];
  else at[keys[keys.length - 1]] = value;
  return JSON.stringify(doc);
}

describe('scaler.json', () => {
  it('round-trips exactly, and the same scalers always give the same bytes', () => {
    const text = serializeScalers(scalers);

    const parsed = parseScalers(text);

    expect(parsed).toEqual(scalers);
    expect(serializeScalers(parsed)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'schemaVersion',
      'featureSet',
      'window',
      'horizon',
      'fittedThrough',
      'features',
      'target',
    ]);
    const reordered = {
      ...scalers,
      target: scalers.target,
      features: scalers.features,
      fittedThrough: scalers.fittedThrough,
    };
    expect(serializeScalers(reordered)).toBe(text);
  });

  it('rejects text that is not JSON, keeping the parser error as the cause', () => {
    let thrown: unknown;
    try {
      parseScalers('{"schemaVersion": 1,');
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toMatchObject({ code: 'FEATURES_INVALID_SCALERS', kind: 'input' });
    expect((thrown as Error).message).toMatch(/^scaler.json is not valid JSON: /);
    expect((thrown as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['schemaVersion', 2, /'schemaVersion' must be 1, got 2/],
    ['featureSet', 'raw-prices', /'featureSet' must be one of scale-free, price-levels, got "raw-prices"/],
    ['window', 0, /'window' must be an integer >= 1, got 0/],
    ['horizon', '3', /'horizon' must be an integer >= 1, got "3"/],
    ['fittedThrough', '2022-02-30', /'fittedThrough' must be a YYYY-MM-DD day, got "2022-02-30"/],
    ['features', undefined, /'features' must be an object, got undefined/],
    [
      'features.names',
      ['log_return'],
      /'features.names' must be \[log_return, close_to_sma_7, .*\], got \["log_return"\]/,
    ],
    ['features.std', [1, 2], /'features.std' must be an array of 8 numbers, got \[1,2\]/],
    ['target.std', [0.04, -0.041, 0.039], /'target.std\[1\]' must be a finite number > 0, got -0.041/],
    ['target.mean', [0.001, null, 0.0009], /'target.mean\[1\]' must be a finite number, got null/],
    [
      'target.names',
      ['return_d1', 'return_d2'],
      /'target.names' must be \[return_d1, return_d2, return_d3\]/,
    ],
  ])('rejects a document whose %s is %j, naming the field', (path, value, message) => {
    expectFeaturesError(() => parseScalers(withField(path, value)), 'FEATURES_INVALID_SCALERS', message);
  });

  it('refuses to write scalers it could not read back', () => {
    const broken = {
      ...scalers,
      features: { ...scalers.features, mean: [NaN, ...scalers.features.mean.slice(1)] },
    };

    expectFeaturesError(
      () => serializeScalers(broken),
      'FEATURES_INVALID_SCALERS',
      /'features.mean\[0\]' must be a finite number, got null/,
    );
  });
});
