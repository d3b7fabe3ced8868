import { modelKinds } from '@cf/model';
import {
  InvalidParametersError,
  recipeProblem,
  resolveTrainingParameters,
  TRAINING_PARAMETERS,
  envSuffix,
  type TrainingParameters,
} from '@cf/forecasting';
import { envReader, LOG_LEVELS, type EnvReader } from '@cf/service';
import type { AlertSettings } from './alerts/alert-settings';
import type { ScoringSettings } from './evaluation/score-target-day';
import type { PromotionSettings } from './promotion/promotion-deps';
import type { RetrainSettings } from './retraining/decide-retraining';
import type { SageMakerTrainingSettings } from './retraining/sagemaker-trainer';

/** The monitor's configuration, from the environment (see the README's table). */
export interface MonitorConfig {
  readonly storeUrl: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly tfBackend?: 'tensorflow' | 'wasm' | 'cpu';
  readonly s3ForcePathStyle: boolean;
  readonly scoring: ScoringSettings;
  readonly alerts: AlertSettings;
  readonly retrain: RetrainSettings;
  readonly trainer: 'local' | 'sagemaker';
  /** Parameters of retraining (`MONITOR_TRAIN_*`, the one table's names); unset ones take its defaults. */
  readonly trainParameters: TrainingParameters;
  /** Set when `trainer` is `sagemaker`. */
  readonly sagemaker: SageMakerTrainingSettings | null;
  readonly promotion: PromotionSettings;
  /** Days the dashboard shows. */
  readonly dashboardDays: number;
  /** Where alerts go besides the store, and the CloudWatch metric line. */
  readonly alertDelivery: AlertDeliverySettings;
}

/** `MONITOR_ALERT_TOPIC_ARN`, `MONITOR_ALERT_WEBHOOK_URL`, `MONITOR_METRIC_NAMESPACE` (each optional). */
export interface AlertDeliverySettings {
  readonly topicArn?: string;
  readonly webhookUrl?: string;
  readonly metricNamespace?: string;
}

/**
 * Reads and checks every variable, reporting all problems at once (`ConfigError`, one sentence per
 * variable). Defaults run locally on `./data`.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): MonitorConfig {
  const read = envReader(env);
  const storeUrl = read.string('STORE_URL', { default: './data' });
  const trainer = read.oneOf('MONITOR_TRAINER', ['local', 'sagemaker'] as const, { default: 'local' });
  const s3ForcePathStyle = read.bool('S3_FORCE_PATH_STYLE', { default: false });
  const tfBackend =
    read.optionalString('TF_BACKEND') === undefined
      ? undefined
      : read.oneOf('TF_BACKEND', ['tensorflow', 'wasm', 'cpu'] as const, { default: 'wasm' });
  const config: MonitorConfig = {
    storeUrl,
    port: read.int('PORT', { default: 8080, min: 0, max: 65535 }),
    host: read.string('HOST', { default: '0.0.0.0' }),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
    ...(tfBackend === undefined ? {} : { tfBackend }),
    s3ForcePathStyle,
    scoring: {
      maxHorizonDays: read.int('MONITOR_MAX_HORIZON_DAYS', { default: 14, min: 1, max: 365 }),
    },
    alerts: {
      maxRatioToPersistence: read.number('MONITOR_MAX_RATIO', { default: 1.05, min: 0 }),
      minDirectionalAccuracy: read.number('MONITOR_MIN_DA', { default: 0.5, min: 0, max: 1 }),
      coverageBand: read.number('MONITOR_COVERAGE_BAND', { default: 0.05, min: 0, max: 0.5 }),
      minPoints: read.int('MONITOR_MIN_POINTS', { default: 30, min: 1 }),
      staleDays: read.int('MONITOR_STALE_DAYS', { default: 2, min: 0 }),
      moveSigmas: read.number('MONITOR_MOVE_SIGMAS', { default: 6, min: 0 }),
      moveLookbackDays: read.int('MONITOR_MOVE_LOOKBACK_DAYS', { default: 90, min: 20, max: 3650 }),
      gapLookbackDays: read.int('MONITOR_GAP_LOOKBACK_DAYS', { default: 90, min: 1, max: 3650 }),
      recentDays: read.int('MONITOR_REGIME_DAYS', { default: 30, min: 10, max: 365 }),
      volatilityRatio: read.number('MONITOR_VOL_RATIO', { default: 2, min: 1 }),
      psiLimit: read.number('MONITOR_PSI_LIMIT', { default: 0.25, min: 0 }),
      psiBins: read.int('MONITOR_PSI_BINS', { default: 10, min: 2, max: 100 }),
    },
    retrain: {
      everyDays: read.int('MONITOR_RETRAIN_EVERY_DAYS', { default: 7, min: 1, max: 3650 }),
      onDegradation: read.bool('MONITOR_RETRAIN_ON_DEGRADATION', { default: true }),
      cooldownDays: read.int('MONITOR_RETRAIN_COOLDOWN_DAYS', { default: 1, min: 0, max: 3650 }),
    },
    trainer,
    trainParameters: trainParametersFrom(env, read),
    sagemaker: trainer === 'sagemaker' ? sagemakerFrom(read, storeUrl, s3ForcePathStyle) : null,
    promotion: {
      maxRatioToPersistence: read.number('MONITOR_PROMOTE_MAX_RATIO', { default: 1.0, min: 0 }),
      significance: read.number('MONITOR_PROMOTE_ALPHA', { default: 0.05, min: 0, max: 1 }),
    },
    dashboardDays: read.int('MONITOR_DASHBOARD_DAYS', { default: 90, min: 7, max: 3650 }),
    alertDelivery: alertDeliveryFrom(read),
  };
  const prefix = config.sagemaker?.jobNamePrefix;
  if (prefix !== undefined && !/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,46}$/.test(prefix)) {
    read.problem(
      `Environment variable SAGEMAKER_JOB_PREFIX must be 1 to 47 letters, digits or inner hyphens (job names add '-yyyymmdd-hhmmss'), got '${prefix}'`,
    );
  }
  if (trainer === 'sagemaker' && !/^s3:\/\/[^/]+/i.test(storeUrl)) {
    read.problem(
      `Environment variable STORE_URL must be an s3:// URL when MONITOR_TRAINER=sagemaker (SageMaker reads the train channel from S3), got '${storeUrl}'`,
    );
  }
  read.done();
  return Object.freeze(config);
}

function alertDeliveryFrom(read: EnvReader): AlertDeliverySettings {
  const checked = (name: string, pattern: RegExp, what: string): string | undefined => {
    const value = read.optionalString(name);
    if (value !== undefined && !pattern.test(value))
      read.problem(`Environment variable ${name} must be ${what}, got '${value}'`);
    return value;
  };
  const topicArn = checked(
    'MONITOR_ALERT_TOPIC_ARN',
    /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
    'an SNS topic ARN',
  );
  // Only the host is named on failure: the path of a Slack webhook URL is its secret.
  const webhookUrl = read.optionalString('MONITOR_ALERT_WEBHOOK_URL');
  if (webhookUrl !== undefined && !/^https?:\/\/[^/\s]+\S*$/i.test(webhookUrl))
    read.problem('Environment variable MONITOR_ALERT_WEBHOOK_URL must be an http(s) URL');
  const metricNamespace = checked(
    'MONITOR_METRIC_NAMESPACE',
    /^[A-Za-z0-9.\-_/#:]{1,255}$/,
    'a CloudWatch namespace (letters, digits, . - _ / # :)',
  );
  return {
    ...(topicArn === undefined ? {} : { topicArn }),
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
    ...(metricNamespace === undefined ? {} : { metricNamespace }),
  };
}

/** `MONITOR_TRAIN_*`: the one table of training parameters, each problem named by its variable. */
function trainParametersFrom(
  env: Readonly<Record<string, string | undefined>>,
  read: EnvReader,
): TrainingParameters {
  const prefix = 'MONITOR_TRAIN_';
  const raw = Object.fromEntries(
    TRAINING_PARAMETERS.map((p) => `${prefix}${envSuffix(p.name)}`)
      .filter((name) => env[name] !== undefined && env[name]?.trim() !== '')
      .map((name) => [name, env[name]?.trim()]),
  );
  const unknown = Object.keys(env).filter(
    (name) => name.startsWith(prefix) && !(name in raw) && env[name]?.trim() !== '',
  );
  try {
    const kinds = modelKinds();
    const params = resolveTrainingParameters(
      raw,
      { kind: 'env', prefix },
      { modelCheck: (m) => recipeProblem(m, kinds) },
    );
    for (const name of unknown) read.problem(`Environment variable ${name} is not a training parameter`);
    return params;
  } catch (error) {
    if (!(error instanceof InvalidParametersError)) throw error;
    for (const problem of error.problems) read.problem(`Environment variable ${problem}`);
    for (const name of unknown) read.problem(`Environment variable ${name} is not a training parameter`);
    return resolveTrainingParameters({}, { kind: 'env', prefix });
  }
}

function sagemakerFrom(
  read: EnvReader,
  storeUrl: string,
  s3ForcePathStyle: boolean,
): SageMakerTrainingSettings {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(storeUrl);
  return {
    roleArn: read.string('SAGEMAKER_ROLE_ARN'),
    trainingImage: read.string('SAGEMAKER_TRAINING_IMAGE'),
    instanceType: read.string('SAGEMAKER_INSTANCE_TYPE', { default: 'ml.m5.xlarge' }),
    instanceCount: read.int('SAGEMAKER_INSTANCE_COUNT', { default: 1, min: 1, max: 1 }),
    volumeSizeGb: read.int('SAGEMAKER_VOLUME_GB', { default: 30, min: 1, max: 16_384 }),
    maxRuntimeSeconds: read.int('SAGEMAKER_MAX_RUNTIME_SECONDS', {
      default: 86_400,
      min: 60,
      max: 2_419_200,
    }),
    jobNamePrefix: read.string('SAGEMAKER_JOB_PREFIX', { default: 'cf-train' }),
    bucket: match?.[1] ?? '',
    storePrefix: (match?.[2] ?? '').replace(/\/+$/, ''),
    storeUrl,
    s3ForcePathStyle,
  };
}
