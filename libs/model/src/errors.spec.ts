import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DatasetNotFoundError,
  InsufficientDataError,
  InvalidDatasetError,
  InvalidModelMetadataError,
  MODEL_ERROR_CODES,
  ModelCorruptError,
  ModelError,
  ModelNotFoundError,
  ModelVersionChangedError,
  ModelVersionExistsError,
  NonFiniteForecastError,
} from './errors';

describe('model errors', () => {
  it('documents every code in the README table with its kind', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const errors: ModelError[] = [
      new ModelNotFoundError('models/v/model.json'),
      new ModelCorruptError('models/v/model.json', 'bad'),
      new InvalidModelMetadataError('models/v/metadata.json', 'window', 'must be an integer > 0'),
      new InsufficientDataError(74, 10, 'BTC'),
      new ModelVersionChangedError('models/latest/', 3),
      new NonFiniteForecastError('BTC', 'the forecast is not finite'),
      new DatasetNotFoundError('processed/daily/symbol=BTC/ohlcv.csv', 'no BTC dataset'),
      new InvalidDatasetError('processed/daily/symbol=BTC/ohlcv.csv', 'empty'),
      new ModelVersionExistsError('models/v/metadata.json', 'file:///data', 'v'),
    ];

    expect(errors.map((e) => e.code).sort()).toEqual(Object.keys(MODEL_ERROR_CODES).sort());
    for (const error of errors) {
      expect(error).toBeInstanceOf(ModelError);
      expect(error.name).toBe(error.constructor.name);
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${error.code}\`\\s*\\|\\s*${error.kind}\\s*\\|`));
    }
  });

  it('puts the offending value in the message', () => {
    expect(new InsufficientDataError(74, 10, 'BTC: too few candles').message).toBe(
      'BTC: too few candles: need at least 74 rows, got 10',
    );
    expect(
      new InvalidModelMetadataError('models/v/metadata.json', 'window', 'must be an integer > 0, got "8"')
        .message,
    ).toBe(`metadata at key 'models/v/metadata.json': field 'window' must be an integer > 0, got "8"`);
  });
});
