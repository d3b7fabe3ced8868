import { ConfigError } from '@cf/service';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('runs locally with no variable set', () => {
    expect(loadConfig({})).toEqual({
      storeUrl: './data',
      s3ForcePathStyle: false,
      port: 8080,
      maxRawBytes: 52_428_800,
      symbolConcurrency: 1,
    });
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      STORE_URL: 's3://bucket/prod',
      S3_FORCE_PATH_STYLE: 'true',
      PORT: '9090',
      LOG_LEVEL: 'debug',
      RAW_MAX_OBJECT_BYTES: '1048576',
      PREPROCESS_SYMBOL_CONCURRENCY: '4',
    });
    expect(config).toEqual({
      storeUrl: 's3://bucket/prod',
      s3ForcePathStyle: true,
      port: 9090,
      logLevel: 'debug',
      maxRawBytes: 1_048_576,
      symbolConcurrency: 4,
    });
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        S3_FORCE_PATH_STYLE: 'maybe',
        PORT: '80a',
        LOG_LEVEL: 'loud',
        RAW_MAX_OBJECT_BYTES: '10',
        PREPROCESS_MAX_RAW_BYTES: '1048576',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "Environment variable S3_FORCE_PATH_STYLE must be one of true, false, 1, 0, yes, no, got 'maybe'",
      "Environment variable PORT must be an integer between 0 and 65535, got '80a'",
      "Environment variable RAW_MAX_OBJECT_BYTES must be an integer between 1024 and 2147483647, got '10'",
      'Environment variable PREPROCESS_MAX_RAW_BYTES is no longer read: set RAW_MAX_OBJECT_BYTES instead ' +
        '(ingest reads it too, so that it never stores an object preprocess refuses)',
      "Environment variable LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
    ]);
  });
});
