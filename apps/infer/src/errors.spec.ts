import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { exitCodeFor, httpStatusFor } from '@cf/service';
import {
  EndpointFailedError,
  INFER_ERROR_CODES,
  InputNotFoundError,
  InvalidCandlesError,
  InvalidForecastError,
  InvalidInferRequestError,
  InvalidPayloadError,
  ModelLoadingError,
  ModelTooOldError,
  NoForecastsError,
  UnsupportedContentTypeError,
} from './errors';

describe('infer errors', () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  it.each(Object.keys(INFER_ERROR_CODES))('documents %s in the README error table', (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` +\\|`, 'm'));
  });

  it.each([
    [new InvalidInferRequestError('x'), 400, 2],
    [new InvalidPayloadError('x'), 400, 2],
    [new UnsupportedContentTypeError('text/xml'), 400, 2],
    [new InvalidCandlesError('x'), 400, 2],
    [new InputNotFoundError('input CSV', '/x.csv'), 404, 3],
    [new ModelTooOldError('v1', '2023-12-18', '2024-02-12', 30), 409, 4],
    [new ModelLoadingError('still loading'), 503, 5],
    [new NoForecastsError('x', 'not-found'), 404, 3],
    [new EndpointFailedError('x'), 503, 5],
    [new InvalidForecastError('x'), 500, 1],
  ])('%s maps to HTTP %i and exit code %i, with a catalogued code', (error, status, exitCode) => {
    expect(Object.keys(INFER_ERROR_CODES)).toContain(error.code);
    expect(error.name).toBe(error.constructor.name);
    expect(httpStatusFor(error)).toBe(status);
    expect(exitCodeFor(error)).toBe(exitCode);
  });
});
