import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURES_ERROR_CODES, FeaturesError } from './errors';

describe('FeaturesError', () => {
  it('documents every error code in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

    for (const code of Object.keys(FEATURES_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });

  it('carries its code, kind input, name and cause', () => {
    const cause = new SyntaxError('bad');

    const error = new FeaturesError('FEATURES_INVALID_SCALERS', 'scaler.json is not valid JSON', { cause });

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'FeaturesError',
      code: 'FEATURES_INVALID_SCALERS',
      kind: 'input',
      cause,
    });
  });
});
