import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor, httpStatusFor } from '@cf/service';
import { CorruptStateError, InvalidRunRequestError, PREPROCESS_ERROR_CODES } from './errors';

describe('preprocess errors', () => {
  it('documents every error code in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

    for (const code of Object.keys(PREPROCESS_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });

  it('map to statuses and exit codes through their kind, with the offending value in the message', () => {
    const request = new InvalidRunRequestError("run request field 'full' must be true or false, got 1");
    const state = new CorruptStateError('processed/daily/_manifest.json', 'not JSON', {
      cause: new SyntaxError('x'),
    });

    expect([request.code, httpStatusFor(request), exitCodeFor(request)]).toEqual([
      'PREPROCESS_INVALID_REQUEST',
      400,
      2,
    ]);
    expect([state.code, httpStatusFor(state), exitCodeFor(state)]).toEqual([
      'PREPROCESS_CORRUPT_STATE',
      500,
      1,
    ]);
    expect(state.message).toBe(
      "object 'processed/daily/_manifest.json' is not valid preprocess state: not JSON",
    );
    expect(state.cause).toBeInstanceOf(SyntaxError);
  });
});
