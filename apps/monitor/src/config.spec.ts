import { DEFAULT_TRAINING_PARAMETERS } from '@cf/forecasting';
import { ConfigError } from '@cf/service';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('runs locally with defaults', () => {
    // act
    const config = loadConfig({});
    // assert
    expect(config).toMatchObject({
      storeUrl: './data',
      port: 8080,
      trainer: 'local',
      sagemaker: null,
      trainParameters: DEFAULT_TRAINING_PARAMETERS,
      alerts: {
        maxRatioToPersistence: 1.05,
        minDirectionalAccuracy: 0.5,
        staleDays: 2,
        moveSigmas: 6,
        psiLimit: 0.25,
      },
      retrain: { everyDays: 7, onDegradation: true, cooldownDays: 1 },
      promotion: { maxRatioToPersistence: 1, significance: 0.05 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads training parameters by the one table and SageMaker settings', () => {
    // act
    const config = loadConfig({
      STORE_URL: 's3://forecasts/prod/',
      MONITOR_TRAINER: 'sagemaker',
      MONITOR_TRAIN_EPOCHS: '5',
      MONITOR_TRAIN_UNITS: '32,16',
      MONITOR_TRAIN_SYMBOLS: 'BTC,ETH',
      MONITOR_TRAIN_LEARNING_RATE: '0.003',
      MONITOR_TRAIN_MODEL: 'ridge',
      SAGEMAKER_ROLE_ARN: 'arn:aws:iam::123456789012:role/train',
      SAGEMAKER_TRAINING_IMAGE: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:1',
      S3_FORCE_PATH_STYLE: 'true',
    });
    // assert
    expect(config.trainParameters).toEqual({
      ...DEFAULT_TRAINING_PARAMETERS,
      model: 'ridge',
      epochs: 5,
      units: [32, 16],
      symbols: ['BTC', 'ETH'],
      learningRate: 0.003,
    });
    expect(config.sagemaker).toMatchObject({
      bucket: 'forecasts',
      storePrefix: 'prod',
      instanceType: 'ml.m5.xlarge',
      instanceCount: 1,
      storeUrl: 's3://forecasts/prod/',
      s3ForcePathStyle: true,
    });
  });

  it('reports every problem at once', () => {
    // act
    let error: unknown;
    try {
      loadConfig({
        MONITOR_MAX_RATIO: 'high',
        MONITOR_TRAINER: 'sagemaker',
        STORE_URL: './data',
        MONITOR_TRAIN_UNITS: '64,x',
        MONITOR_TRAIN_MODEL: 'prophet',
        MONITOR_TRAIN_WINDOWS: '8',
        SAGEMAKER_JOB_PREFIX: '-bad',
      });
    } catch (caught) {
      error = caught;
    }
    // assert
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "Environment variable MONITOR_MAX_RATIO must be a number of at least 0, got 'high'",
      'Environment variable MONITOR_TRAIN_UNITS must list 1 to 8 integers from 1 to 4096, got "64,x"',
      "Environment variable MONITOR_TRAIN_MODEL names an unknown model 'prophet': 'prophet' is not a point kind. Point kinds: persistence, drift, ridge, lstm[/scale-free|price-levels], gru[/scale-free|price-levels], dense[/scale-free|price-levels]; scale kinds: naive-empirical, ewma, garch, har.",
      'Environment variable MONITOR_TRAIN_WINDOWS is not a training parameter',
      'Environment variable SAGEMAKER_ROLE_ARN is required',
      'Environment variable SAGEMAKER_TRAINING_IMAGE is required',
      "Environment variable SAGEMAKER_JOB_PREFIX must be 1 to 47 letters, digits or inner hyphens (job names add '-yyyymmdd-hhmmss'), got '-bad'",
      "Environment variable STORE_URL must be an s3:// URL when MONITOR_TRAINER=sagemaker (SageMaker reads the train channel from S3), got './data'",
    ]);
  });

  it('reads where alerts go and the metric namespace, refusing malformed values', () => {
    // act
    const config = loadConfig({
      MONITOR_ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:crypto-alerts',
      MONITOR_ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/secret',
      MONITOR_METRIC_NAMESPACE: 'CryptoForecast/prod',
    });
    let error: unknown;
    try {
      loadConfig({
        MONITOR_ALERT_TOPIC_ARN: 'crypto-alerts',
        MONITOR_ALERT_WEBHOOK_URL: 'ftp://hooks/secret',
        MONITOR_METRIC_NAMESPACE: 'bad namespace!',
      });
    } catch (caught) {
      error = caught;
    }
    // assert
    expect(config.alertDelivery).toEqual({
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:crypto-alerts',
      webhookUrl: 'https://hooks.slack.com/services/T0/B0/secret',
      metricNamespace: 'CryptoForecast/prod',
    });
    expect(loadConfig({}).alertDelivery).toEqual({});
    expect((error as ConfigError).problems).toEqual([
      "Environment variable MONITOR_ALERT_TOPIC_ARN must be an SNS topic ARN, got 'crypto-alerts'",
      'Environment variable MONITOR_ALERT_WEBHOOK_URL must be an http(s) URL',
      "Environment variable MONITOR_METRIC_NAMESPACE must be a CloudWatch namespace (letters, digits, . - _ / # :), got 'bad namespace!'",
    ]);
  });
});
