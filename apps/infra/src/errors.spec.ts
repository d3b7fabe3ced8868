import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { INFRA_ERROR_CODES } from './errors';

describe('error codes', () => {
  it('are all documented in the README, and the README documents no other', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Errors'),
      readme.indexOf('\n## ', readme.indexOf('## Errors') + 1),
    );

    const documented = [...section.matchAll(/^\| `(INFRA_[A-Z_]+)`\s+\|/gm)].map((m) => m[1]).sort();

    expect(documented).toEqual(Object.keys(INFRA_ERROR_CODES).sort());
  });
});
