import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { INGEST_ERROR_CODES } from './errors';

describe('ingest error codes', () => {
  it('are all documented in the README', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

    for (const code of Object.keys(INGEST_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });
});
