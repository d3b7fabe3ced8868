import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VOLATILITY_ERROR_CODES, VolatilityError } from './errors';

describe('VolatilityError', () => {
  it('carries a stable code, kind input by default, the message and a cause', () => {
    const cause = new Error('root');

    const error = new VolatilityError('VOLATILITY_TOO_SHORT', 'GARCH-t needs at least 101 closes', 'input', {
      cause,
    });

    expect([error.name, error.code, error.kind, error.message, error.cause]).toEqual([
      'VolatilityError',
      'VOLATILITY_TOO_SHORT',
      'input',
      'GARCH-t needs at least 101 closes',
      cause,
    ]);
  });

  it('has every code documented in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

    for (const code of Object.keys(VOLATILITY_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });
});
