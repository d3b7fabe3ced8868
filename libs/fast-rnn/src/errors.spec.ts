import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  BackendUnavailableError,
  FAST_RNN_ERROR_CODES,
  FastRnnError,
  ForwardDisposedError,
  InvalidModelInputError,
  TrainingAbortedError,
  TrainingDivergedError,
} from './errors';

describe('fast-rnn errors', () => {
  it('documents every code in the README table with its kind', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const errors: FastRnnError[] = [
      new InvalidModelInputError('bad'),
      new BackendUnavailableError('none'),
      new TrainingAbortedError(3),
      new TrainingDivergedError(5),
      new ForwardDisposedError(),
    ];

    expect(errors.map((e) => e.code).sort()).toEqual(Object.keys(FAST_RNN_ERROR_CODES).sort());
    for (const error of errors) {
      expect(error.name).toBe(error.constructor.name);
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${error.code}\`\\s*\\|\\s*${error.kind}\\s*\\|`));
    }
  });
});
