import { ConfigError } from '@cf/service';
import { DEFAULT_INVOCATIONS_MAX_BYTES, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs locally with no variables set: ./data, the five assets, the promoted model, port 8080', () => {
    const config = loadConfig({});

    expect(config).toEqual({
      storeUrl: './data',
      symbols: ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'],
      modelVersion: 'latest',
      modelDir: '/opt/ml/model',
      oodZLimit: 4,
      port: 8080,
      s3ForcePathStyle: false,
      invocationsMaxBytes: DEFAULT_INVOCATIONS_MAX_BYTES,
      invocationsMaxSymbols: 100,
      invocationsMaxRows: 5000,
      invocationsMaxQueue: 64,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable, SAGEMAKER_BIND_TO_PORT winning over PORT', () => {
    const config = loadConfig({
      STORE_URL: 's3://bucket/prefix',
      INFER_SYMBOLS: 'BTC, SOL',
      MODEL_VERSION: '20240212T000000Z-abc123',
      MODEL_DIR: '/models/one',
      MAX_MODEL_AGE_DAYS: '30',
      OOD_Z_LIMIT: '3.5',
      INFER_ENDPOINT_NAME: 'crypto-forecast-infer',
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: 'http://127.0.0.1:9000',
      SAGEMAKER_BIND_TO_PORT: '9090',
      PORT: '7070',
      TF_BACKEND: 'cpu',
      S3_FORCE_PATH_STYLE: 'true',
      LOG_LEVEL: 'debug',
      INVOCATIONS_MAX_BYTES: '65536',
      INVOCATIONS_WORKERS: '0',
      INVOCATIONS_MAX_QUEUE: '8',
    });

    expect(config).toEqual({
      storeUrl: 's3://bucket/prefix',
      symbols: ['BTC', 'SOL'],
      modelVersion: '20240212T000000Z-abc123',
      modelDir: '/models/one',
      maxModelAgeDays: 30,
      oodZLimit: 3.5,
      endpointName: 'crypto-forecast-infer',
      sagemakerRuntimeEndpoint: 'http://127.0.0.1:9000',
      port: 9090,
      tfBackend: 'cpu',
      s3ForcePathStyle: true,
      logLevel: 'debug',
      invocationsMaxBytes: 65536,
      invocationsMaxSymbols: 100,
      invocationsMaxRows: 5000,
      invocationsWorkers: 0,
      invocationsMaxQueue: 8,
    });
  });

  it('reports every problem at once, naming each variable and its value', () => {
    const env = {
      INFER_SYMBOLS: 'BTC,eth',
      MODEL_VERSION: '../escape',
      MAX_MODEL_AGE_DAYS: '-1',
      OOD_Z_LIMIT: 'zero',
      INFER_ENDPOINT_NAME: 'bad_name!',
      AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: 'localhost:9000',
      TF_BACKEND: 'gpu',
      LOG_LEVEL: 'loud',
      INVOCATIONS_MAX_BYTES: '10',
    };

    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of Object.keys(env)) expect(problems).toContain(`Environment variable ${name} `);
    expect(problems).toContain("'eth'");
    expect(problems).toContain("got '-1'");
    expect(problems).toContain("got 'gpu'");
    expect((error as ConfigError).problems).toHaveLength(Object.keys(env).length);
  });
});
