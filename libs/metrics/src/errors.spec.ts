import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_ERROR_CODES, MetricsError } from './errors';

describe('MetricsError', () => {
  it('carries a stable code, kind input by default, the message and a cause', () => {
    const cause = new Error('root');

    const error = new MetricsError('METRICS_EMPTY_INPUT', 'actual is empty', 'input', { cause });

    expect([error.name, error.code, error.kind, error.message, error.cause]).toEqual([
      'MetricsError',
      'METRICS_EMPTY_INPUT',
      'input',
      'actual is empty',
      cause,
    ]);
    expect(new MetricsError('METRICS_NON_FINITE', 'x').kind).toBe('input');
  });

  it('has every code documented in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

    for (const code of Object.keys(METRICS_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });
});
