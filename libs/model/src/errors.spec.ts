import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DatasetNotFoundError,
  InsufficientDataError,
  InvalidDatasetError,
  InvalidModelMetadataError,
  InvalidTrainRequestError,
  MODEL_ERROR_CODES,
  ModelCorruptError,
  ModelError,
  ModelNotFoundError,
  ModelVersionChangedError,
  ModelVersionExistsError,
  TRAINING_ERROR_CODES,
  TrainingError,
} from './errors';
import * as formerPlace from './training/train-forecaster-errors';

describe('model errors', () => {
  it('documents every code in the README table with its kind', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const errors: ModelError[] = [
      new ModelNotFoundError('models/v/model.json'),
      new ModelCorruptError('models/v/model.json', 'bad'),
      new InvalidModelMetadataError('models/v/metadata.json', 'window', 'must be an integer > 0'),
      new InsufficientDataError(74, 10, 'BTC'),
      new ModelVersionChangedError('models/latest/', 3),
      new ModelError('MODEL_DISPOSED', 'internal', 'disposed'),
      new DatasetNotFoundError('processed/daily/symbol=BTC/ohlcv.csv', 'no BTC dataset'),
      new InvalidDatasetError('processed/daily/symbol=BTC/ohlcv.csv', 'empty'),
      new InvalidTrainRequestError('epochs', 'must be an integer from 1 to 10000, got 0'),
      new ModelVersionExistsError('models/v/metadata.json', 'file:///data', 'v'),
    ];

    expect(errors.map((e) => e.code).sort()).toEqual(Object.keys(MODEL_ERROR_CODES).sort());
    for (const error of errors) {
      expect(error).toBeInstanceOf(ModelError);
      expect(error.name).toBe(error.constructor.name);
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${error.code}\`\\s*\\|\\s*${error.kind}\\s*\\|`));
    }
  });

  it('keeps the training pipeline in the one catalogue: its errors are ModelErrors with MODEL_ codes', () => {
    const trainingErrors: TrainingError[] = [
      new DatasetNotFoundError('processed/daily/symbol=BTC/ohlcv.csv', 'no BTC dataset'),
      new InvalidDatasetError('processed/daily/symbol=BTC/ohlcv.csv', 'empty'),
      new InvalidTrainRequestError('epochs', 'must be an integer from 1 to 10000, got 0'),
      new ModelVersionExistsError('models/v/metadata.json', 'file:///data', 'v'),
    ];

    expect(trainingErrors.map((e) => e.code).sort()).toEqual(Object.keys(TRAINING_ERROR_CODES).sort());
    for (const error of trainingErrors) {
      expect(error).toBeInstanceOf(ModelError);
      expect(TRAINING_ERROR_CODES[error.code]).toBe(MODEL_ERROR_CODES[error.code]);
    }
    // The former module still exports the same classes (deep imports inside the library use it).
    expect(formerPlace.InvalidTrainRequestError).toBe(InvalidTrainRequestError);
    expect(formerPlace.TRAINING_ERROR_CODES).toBe(TRAINING_ERROR_CODES);
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
