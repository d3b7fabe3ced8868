import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  BackendUnavailableError,
  InsufficientDataError,
  InvalidModelInputError,
  InvalidModelMetadataError,
  MODEL_ERROR_CODES,
  ModelCorruptError,
  ModelError,
  ModelNotFoundError,
  ModelVersionChangedError,
  TrainingAbortedError,
  TrainingDivergedError,
} from './errors';
import { TRAINING_ERROR_CODES } from './training/train-forecaster-errors';

describe('model errors', () => {
  it('documents every code in the README table with its kind', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const errors: ModelError[] = [
      new ModelNotFoundError('models/v/model.json'),
      new ModelCorruptError('models/v/model.json', 'bad'),
      new InvalidModelMetadataError('models/v/metadata.json', 'window', 'must be an integer > 0'),
      new InsufficientDataError(74, 10, 'BTC'),
      new InvalidModelInputError('bad'),
      new BackendUnavailableError('none'),
      new TrainingAbortedError(3),
      new TrainingDivergedError(5),
      new ModelVersionChangedError('models/latest/', 3),
      new ModelError('MODEL_DISPOSED', 'internal', 'disposed'),
    ];

    expect(errors.map((e) => e.code).sort()).toEqual(Object.keys(MODEL_ERROR_CODES).sort());
    for (const error of errors) {
      expect(error).toBeInstanceOf(ModelError);
      expect(error.name).toBe(error.constructor.name);
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${error.code}\`\\s*\\|\\s*${error.kind}\\s*\\|`));
    }
  });

  it('documents every code of the training pipeline catalogue too', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

    for (const code of Object.keys(TRAINING_ERROR_CODES)) {
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|`));
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
