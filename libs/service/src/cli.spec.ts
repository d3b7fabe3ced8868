import { InvalidKeyError, ObjectNotFoundError } from '@cf/storage';
import { runCliMain } from './cli';
import { ConfigError } from './errors';
import { captureLogger } from './testing';

async function run(main: () => Promise<number>) {
  const { logger, lines } = captureLogger('cli');
  const codes: number[] = [];
  await runCliMain(main, { logger, exit: (code) => void codes.push(code) });
  return { codes, lines: lines() };
}

describe('runCliMain', () => {
  it("exits with main's own code and logs nothing of its own", async () => {
    const ok = await run(async () => 0);
    const partial = await run(async () => 3);

    expect(ok).toEqual({ codes: [0], lines: [] });
    expect(partial.codes).toEqual([3]);
  });

  it.each([
    [new ConfigError(['Environment variable STORE_URL is required']), 2, 'SERVICE_CONFIG'],
    [new InvalidKeyError("symbol '../../etc' is not valid"), 2, 'STORAGE_INVALID_KEY'],
    [new ObjectNotFoundError('models/latest/metadata.json'), 3, 'STORAGE_NOT_FOUND'],
    [new TypeError('undefined is not a function'), 1, 'INTERNAL'],
  ])('logs one line and exits with the code of its kind for %s', async (error, exitCode, code) => {
    const result = await run(async () => {
      throw error;
    });

    expect(result.codes).toEqual([exitCode]);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({ level: 'error', code, message: error.message });
  });
});
