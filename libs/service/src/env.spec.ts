import { envReader } from './env';
import { ConfigError } from './errors';

function problemsOf(run: () => void): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('envReader', () => {
  it('reads every kind of variable from a full environment', () => {
    const read = envReader({
      STORE_URL: ' s3://bucket/prod ',
      PORT: '8080',
      RATIO: '0.25',
      DRY_RUN: 'Yes',
      LOG_LEVEL: 'debug',
      SYMBOLS: 'BTC, ETH,,BTC , SOL',
      AS_OF: '2024-02-29',
      API_KEY: 'k',
    });

    const config = {
      storeUrl: read.string('STORE_URL', { default: './data' }),
      port: read.int('PORT', { default: 3000, min: 1, max: 65535 }),
      ratio: read.number('RATIO', { default: 1, min: 0, max: 1 }),
      dryRun: read.bool('DRY_RUN', { default: false }),
      level: read.oneOf('LOG_LEVEL', ['info', 'debug'] as const, { default: 'info' }),
      symbols: read.list('SYMBOLS', { default: [], pattern: /^[A-Z0-9]{1,15}$/ }),
      asOf: read.day('AS_OF'),
      apiKey: read.optionalString('API_KEY'),
    };
    read.done();

    expect(config).toEqual({
      storeUrl: 's3://bucket/prod',
      port: 8080,
      ratio: 0.25,
      dryRun: true,
      level: 'debug',
      symbols: ['BTC', 'ETH', 'SOL'],
      asOf: '2024-02-29',
      apiKey: 'k',
    });
  });

  it('uses defaults for unset and blank variables', () => {
    const read = envReader({ PORT: '', DRY_RUN: '   ' });

    const config = {
      storeUrl: read.string('STORE_URL', { default: './data' }),
      port: read.int('PORT', { default: 3000 }),
      dryRun: read.bool('DRY_RUN', { default: false }),
      symbols: read.list('SYMBOLS', { default: ['BTC', 'ETH'] }),
      asOf: read.day('AS_OF'),
      start: read.day('START', { default: '2020-01-01' }),
      apiKey: read.optionalString('API_KEY'),
    };

    expect(() => read.done()).not.toThrow();
    expect(config).toEqual({
      storeUrl: './data',
      port: 3000,
      dryRun: false,
      symbols: ['BTC', 'ETH'],
      asOf: undefined,
      start: '2020-01-01',
      apiKey: undefined,
    });
  });

  it('reports every problem at once in one ConfigError, one sentence per variable', () => {
    const read = envReader({
      PORT: 'abc',
      WORKERS: '2.5',
      RATIO: 'NaN',
      DRY_RUN: 'maybe',
      LOG_LEVEL: 'loud',
      SYMBOLS: 'BTC,../../etc,eth',
      AS_OF: '2023-02-29',
    });

    read.string('BUCKET');
    read.int('PORT', { default: 3000, min: 1, max: 65535 });
    read.int('WORKERS', { default: 1, min: 1 });
    read.number('RATIO', { default: 1, max: 1 });
    read.bool('DRY_RUN', { default: false });
    read.oneOf('LOG_LEVEL', ['info', 'debug'], { default: 'info' });
    read.list('SYMBOLS', { default: [], pattern: /^[A-Z0-9]{1,15}$/ });
    read.day('AS_OF');
    read.day('START', { required: true });
    read.int('TIMEOUT_MS', {});

    expect(problemsOf(() => read.done())).toEqual([
      'Environment variable BUCKET is required',
      "Environment variable PORT must be an integer between 1 and 65535, got 'abc'",
      "Environment variable WORKERS must be an integer of at least 1, got '2.5'",
      "Environment variable RATIO must be a number of at most 1, got 'NaN'",
      "Environment variable DRY_RUN must be one of true, false, 1, 0, yes, no, got 'maybe'",
      "Environment variable LOG_LEVEL must be one of info, debug, got 'loud'",
      "Environment variable SYMBOLS has invalid entries '../../etc', 'eth': each must match /^[A-Z0-9]{1,15}$/",
      "Environment variable AS_OF must be a calendar day YYYY-MM-DD, got '2023-02-29'",
      'Environment variable START is required',
      'Environment variable TIMEOUT_MS is required',
    ]);
  });

  it('throws a ConfigError with code SERVICE_CONFIG, kind input and every problem in its message', () => {
    const read = envReader({ PORT: '0' });
    read.int('PORT', { default: 1, min: 1, max: 65535 });
    read.string('BUCKET');

    let thrown: unknown;
    try {
      read.done();
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown).toMatchObject({ code: 'SERVICE_CONFIG', kind: 'input' });
    expect((thrown as Error).message).toBe(
      "Invalid configuration: Environment variable PORT must be an integer between 1 and 65535, got '0'; Environment variable BUCKET is required",
    );
  });

  it('accepts an empty string only for strings that are explicitly optional', () => {
    const read = envReader({});

    expect(read.string('PREFIX', { required: false })).toBe('');
    expect(problemsOf(() => read.done())).toEqual([]);
  });

  it('rejects integers beyond the safe range and numbers with trailing text', () => {
    const read = envReader({ BIG: '9007199254740993', N: '12px', NEG: '-3' });

    read.int('BIG', { default: 0 });
    read.number('N', { default: 0 });
    const negative = read.int('NEG', { default: 0 });

    expect(negative).toBe(-3);
    expect(problemsOf(() => read.done())).toEqual([
      "Environment variable BIG must be an integer, got '9007199254740993'",
      "Environment variable N must be a number, got '12px'",
    ]);
  });

  it('reports problems found across variables together with its own, in the order found', () => {
    const read = envReader({ PORT: 'abc', FROM: '2024-02-10', TO: '2024-02-01' });
    read.int('PORT', { default: 8080, min: 1, max: 65_535 });
    const from = read.day('FROM', { required: true });
    const to = read.day('TO', { required: true });
    if (to < from) read.problem(`Environment variable TO must not be before FROM (${from}), got '${to}'`);

    let problems: readonly string[] = [];
    try {
      read.done();
    } catch (error) {
      problems = (error as ConfigError).problems;
    }

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Environment variable PORT /);
    expect(problems[1]).toBe(
      "Environment variable TO must not be before FROM (2024-02-10), got '2024-02-01'",
    );
  });
});
