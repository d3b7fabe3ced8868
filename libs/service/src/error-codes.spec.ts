import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

// Every error code this library can produce is documented in its README (fastify's errors catalogue habit).
describe('error codes', () => {
  it('are all listed in the README', () => {
    const sources = readdirSync(__dirname)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => readFileSync(path.join(__dirname, file), 'utf8'));
    const codes = new Set(sources.flatMap((source) => source.match(/'SERVICE_[A-Z_]+'/g) ?? []));
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

    const undocumented = [...codes]
      .map((code) => code.slice(1, -1))
      .filter((code) => !readme.includes(`\`${code}\``));

    expect(codes.size).toBeGreaterThan(2);
    expect(undocumented).toEqual([]);
  });
});
