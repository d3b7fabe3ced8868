import { ConfigError } from '@cf/service';
import { DEFAULT_SYMBOLS, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs locally with no variable set', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      storeUrl: './data',
      source: 'cryptocompare',
      symbols: [...DEFAULT_SYMBOLS],
      s3ForcePathStyle: false,
      port: 8080,
      settings: {
        cryptocompare: { baseUrl: 'https://min-api.cryptocompare.com', quote: 'USD' },
        binance: { baseUrl: 'https://api.binance.com', quoteAsset: 'USDT' },
        csvDir: 'sample-data/yahoo',
        dailyLookbackDays: 3,
        concurrency: 2,
        requestsPerSecond: 2,
        timeoutMs: 15_000,
        retry: { maxAttempts: 4 },
        maxRawObjectBytes: 52_428_800,
      },
    });
    expect(config.logLevel).toBeUndefined();
    expect(config.settings.cryptocompare.apiKey).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      STORE_URL: 's3://bucket/raw-data',
      INGEST_SOURCE: 'binance',
      INGEST_SYMBOLS: 'BTC, ETH',
      CRYPTOCOMPARE_API_KEY: 'k',
      CRYPTOCOMPARE_BASE_URL: 'http://mirror.local/cc',
      BINANCE_BASE_URL: 'https://api1.binance.com',
      BINANCE_QUOTE_ASSET: 'FDUSD',
      INGEST_CSV_DIR: '/data/csv',
      INGEST_DAILY_LOOKBACK_DAYS: '5',
      INGEST_CONCURRENCY: '4',
      INGEST_REQUESTS_PER_SECOND: '0.5',
      INGEST_TIMEOUT_MS: '3000',
      INGEST_MAX_ATTEMPTS: '6',
      RAW_MAX_OBJECT_BYTES: '1048576',
      S3_FORCE_PATH_STYLE: 'true',
      PORT: '9000',
      LOG_LEVEL: 'debug',
    });

    expect(config).toMatchObject({
      storeUrl: 's3://bucket/raw-data',
      source: 'binance',
      symbols: ['BTC', 'ETH'],
      s3ForcePathStyle: true,
      port: 9000,
      logLevel: 'debug',
      settings: {
        cryptocompare: { apiKey: 'k', baseUrl: 'http://mirror.local/cc' },
        binance: { baseUrl: 'https://api1.binance.com', quoteAsset: 'FDUSD' },
        csvDir: '/data/csv',
        dailyLookbackDays: 5,
        concurrency: 4,
        requestsPerSecond: 0.5,
        timeoutMs: 3000,
        retry: { maxAttempts: 6 },
        maxRawObjectBytes: 1_048_576,
      },
    });
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        INGEST_SYMBOLS: 'BTC,eth',
        CRYPTOCOMPARE_BASE_URL: 'min-api.cryptocompare.com',
        BINANCE_QUOTE_ASSET: 'usdt',
        INGEST_REQUESTS_PER_SECOND: '0',
        INGEST_MAX_ATTEMPTS: 'many',
        RAW_MAX_OBJECT_BYTES: '100',
        S3_FORCE_PATH_STYLE: 'maybe',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(8);
    for (const name of [
      'INGEST_SYMBOLS',
      'CRYPTOCOMPARE_BASE_URL',
      'BINANCE_QUOTE_ASSET',
      'INGEST_REQUESTS_PER_SECOND',
      'INGEST_MAX_ATTEMPTS',
      'RAW_MAX_OBJECT_BYTES',
      'S3_FORCE_PATH_STYLE',
      'LOG_LEVEL',
    ]) {
      expect(problems.some((p) => p.startsWith(`Environment variable ${name} `))).toBe(true);
    }
  });
});
