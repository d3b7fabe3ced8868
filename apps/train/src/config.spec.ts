import { ConfigError } from '@cf/service';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('runs locally with no variable set', () => {
    const config = loadConfig({});

    expect(config).toEqual({
      storeUrl: './data',
      storeUrlSet: false,
      s3ForcePathStyle: false,
      tfBackend: 'auto',
      port: 8080,
      smRoot: '/opt/ml',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      STORE_URL: 's3://bucket/prefix',
      S3_FORCE_PATH_STYLE: 'true',
      TF_BACKEND: 'wasm',
      PORT: '9000',
      LOG_LEVEL: 'debug',
      SM_ROOT: '/tmp/opt-ml',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000',
      TRAINING_RUN_ID: 'cf-train-20240212-060000',
    });

    expect(config).toEqual({
      storeUrl: 's3://bucket/prefix',
      storeUrlSet: true,
      trainingRunId: 'cf-train-20240212-060000',
      s3ForcePathStyle: true,
      tfBackend: 'wasm',
      port: 9000,
      logLevel: 'debug',
      smRoot: '/tmp/opt-ml',
    });
  });

  it('reports every problem at once', () => {
    let thrown: unknown;
    try {
      loadConfig({
        S3_FORCE_PATH_STYLE: 'maybe',
        TF_BACKEND: 'gpu',
        PORT: '70000',
        LOG_LEVEL: 'loud',
        TRAINING_RUN_ID: '../models',
      });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems).toEqual([
      "Environment variable S3_FORCE_PATH_STYLE must be one of true, false, 1, 0, yes, no, got 'maybe'",
      "Environment variable TF_BACKEND must be one of auto, tensorflow, wasm, cpu, got 'gpu'",
      "Environment variable PORT must be an integer between 0 and 65535, got '70000'",
      "Environment variable LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'",
      "Environment variable TRAINING_RUN_ID must be one key segment [A-Za-z0-9][A-Za-z0-9._=-]{0,127} other than 'latest' (a SageMaker job name is), got '../models'",
    ]);
  });

  it('treats a blank STORE_URL as unset, and refuses the promoted folder as a run id', () => {
    expect(loadConfig({ STORE_URL: '  ' })).toMatchObject({ storeUrl: './data', storeUrlSet: false });
    expect(() => loadConfig({ STORE_URL: 's3://b', TRAINING_RUN_ID: 'latest' })).toThrow(
      /TRAINING_RUN_ID must be one key segment .* other than 'latest'/,
    );
  });
});
