import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MONITOR_ERROR_CODES } from './errors';

describe('error codes', () => {
  it('are all documented in the README, and the README documents no other', () => {
    // prepare
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Errors'),
      readme.indexOf('\n## ', readme.indexOf('## Errors') + 1),
    );
    const documented = [...section.matchAll(/^\| `(MONITOR_[A-Z_]+)`\s+\|/gm)].map((m) => m[1]).sort();
    // assert
    expect(documented).toEqual(Object.keys(MONITOR_ERROR_CODES).sort());
  });
});
