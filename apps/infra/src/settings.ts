import { SettingsError } from './errors';

/** What one deployment of the platform is made of; read from CDK context by `readSettings`. */
export interface PlatformSettings {
  /** CloudFormation stack name (context `stackName`, default `CryptoForecast`). */
  readonly stackName: string;
  /** AWS region (context `region`, else `CDK_DEFAULT_REGION`); unset synthesizes a region-agnostic stack. */
  readonly region?: string;
  /** AWS account (`CDK_DEFAULT_ACCOUNT`, set by the CLI from your credentials); unset offline. */
  readonly account?: string;
  /** Assets collected, forecast and trained on (context `symbols`, `BTC,ETH,BNB,XRP,SOL`). */
  readonly symbols: readonly string[];
  /** Provider of the daily ingest (context `source`: `cryptocompare` or `binance`). */
  readonly source: 'cryptocompare' | 'binance';
  /** When the daily pipeline starts, an EventBridge Scheduler expression in UTC (context `schedule`). */
  readonly schedule: string;
  /** Deploy the SageMaker endpoint serving `models/latest/` (context `endpoint`, default false). */
  readonly endpoint: boolean;
  /** Instance type of the endpoint (context `endpointInstanceType`). */
  readonly endpointInstanceType: string;
  /** Instance type of training and backtest jobs (context `trainingInstanceType`). */
  readonly trainingInstanceType: string;
  /** Subscribed to the alerts topic (context `alertEmail`); the address must confirm the subscription. */
  readonly alertEmail?: string;
  /** The monitor also posts its alerts here, Slack-compatible JSON (context `alertWebhookUrl`). */
  readonly alertWebhookUrl?: string;
  /** Rolling 30-day MAE ratio to persistence above which the monitor alerts and the alarm fires (`maxRatio`). */
  readonly maxRatioToPersistence: number;
  /** Days `predictions/dt=*` objects are kept (context `predictionsRetentionDays`). */
  readonly predictionsRetentionDays: number;
  /** Days every log group keeps its events (context `logRetentionDays`, a CloudWatch Logs retention value). */
  readonly logRetentionDays: number;
  /**
   * Secrets Manager secret (name or ARN) holding the CryptoCompare API key (context `cryptoCompareSecret`);
   * the ingest function may read it and nothing else.
   */
  readonly cryptoCompareSecret?: string;
}

/** Defaults of every setting (the README of apps/infra lists them). */
export const DEFAULT_SETTINGS = {
  stackName: 'CryptoForecast',
  symbols: ['BTC', 'ETH', 'BNB', 'XRP', 'SOL'],
  source: 'cryptocompare',
  schedule: 'cron(15 0 * * ? *)',
  endpoint: false,
  endpointInstanceType: 'ml.t2.medium',
  trainingInstanceType: 'ml.m5.xlarge',
  maxRatioToPersistence: 1.05,
  predictionsRetentionDays: 400,
  logRetentionDays: 30,
} as const;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const KEYS = [
  'stackName',
  'region',
  'symbols',
  'source',
  'schedule',
  'endpoint',
  'endpointInstanceType',
  'trainingInstanceType',
  'alertEmail',
  'alertWebhookUrl',
  'maxRatio',
  'predictionsRetentionDays',
  'logRetentionDays',
  'cryptoCompareSecret',
] as const;

/** Reads one context value; `undefined` and blank strings count as unset. */
type Lookup = (key: (typeof KEYS)[number]) => unknown;

/**
 * Reads and checks every setting from CDK context (`-c key=value` arrives as a string; cdk.json may hold
 * booleans, numbers and arrays), reporting every problem at once as a `SettingsError`.
 *
 * @example
 * const settings = readSettings((key) => app.node.tryGetContext(key), process.env);
 */
export function readSettings(
  context: Lookup,
  env: Readonly<Record<string, string | undefined>> = {},
): PlatformSettings {
  const problems: string[] = [];
  const text = (key: (typeof KEYS)[number]): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
    problems.push(`context ${key} must be a string, got ${JSON.stringify(value)}`);
    return undefined;
  };
  const matching = (key: (typeof KEYS)[number], pattern: RegExp, what: string): string | undefined => {
    const value = text(key);
    if (value !== undefined && !pattern.test(value))
      problems.push(`context ${key} must be ${what}, got '${value}'`);
    return value;
  };
  const number = (
    key: (typeof KEYS)[number],
    fallback: number,
    check: (n: number) => boolean,
    what: string,
  ) => {
    const value = text(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || !check(parsed)) {
      problems.push(`context ${key} must be ${what}, got '${value}'`);
      return fallback;
    }
    return parsed;
  };

  const stackName =
    matching(
      'stackName',
      /^[A-Za-z][A-Za-z0-9-]{0,63}$/,
      'a CloudFormation stack name (letters, digits, hyphens)',
    ) ?? DEFAULT_SETTINGS.stackName;
  const region =
    matching('region', /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as eu-west-1') ??
    nonBlank(env['CDK_DEFAULT_REGION']);
  const account = nonBlank(env['CDK_DEFAULT_ACCOUNT']);

  const symbolsText = text('symbols');
  const symbols =
    symbolsText === undefined
      ? [...DEFAULT_SETTINGS.symbols]
      : symbolsText
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter((s) => s !== '');
  const badSymbols = symbols.filter((s) => !/^[A-Z0-9]{1,15}$/.test(s));
  if (symbols.length === 0 || badSymbols.length > 0) {
    problems.push(
      `context symbols must be a comma-separated list of asset codes ([A-Z0-9]{1,15}), got '${symbolsText ?? ''}'`,
    );
  }
  const sourceText = text('source') ?? DEFAULT_SETTINGS.source;
  if (sourceText !== 'cryptocompare' && sourceText !== 'binance') {
    problems.push(
      `context source must be cryptocompare or binance (the csv source reads local files, not deployed), got '${sourceText}'`,
    );
  }
  const schedule =
    matching(
      'schedule',
      /^(cron\((\S+ ){5}\S+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/,
      'an EventBridge Scheduler expression such as cron(15 0 * * ? *) (six fields, UTC) or rate(1 day)',
    ) ?? DEFAULT_SETTINGS.schedule;
  const endpointText = text('endpoint');
  if (endpointText !== undefined && endpointText !== 'true' && endpointText !== 'false')
    problems.push(`context endpoint must be true or false, got '${endpointText}'`);
  const instanceType = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
  const endpointInstanceType =
    matching('endpointInstanceType', instanceType, 'a SageMaker instance type such as ml.t2.medium') ??
    DEFAULT_SETTINGS.endpointInstanceType;
  const trainingInstanceType =
    matching('trainingInstanceType', instanceType, 'a SageMaker instance type such as ml.m5.xlarge') ??
    DEFAULT_SETTINGS.trainingInstanceType;
  const alertEmail = matching('alertEmail', /^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an e-mail address');
  const alertWebhookUrl = matching('alertWebhookUrl', /^https:\/\/[^/\s]+\S*$/, 'an https:// URL');
  const maxRatioToPersistence = number(
    'maxRatio',
    DEFAULT_SETTINGS.maxRatioToPersistence,
    (n) => n > 0,
    'a positive number such as 1.05',
  );
  const predictionsRetentionDays = number(
    'predictionsRetentionDays',
    DEFAULT_SETTINGS.predictionsRetentionDays,
    (n) => Number.isInteger(n) && n >= 90,
    'a whole number of days, at least 90 (the monitor scores 30-day windows and draws 90 days)',
  );
  const logRetentionDays = number(
    'logRetentionDays',
    DEFAULT_SETTINGS.logRetentionDays,
    (n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n),
    `one of CloudWatch Logs' retention periods (${LOG_RETENTION_DAYS.join(', ')})`,
  );
  const cryptoCompareSecret = matching(
    'cryptoCompareSecret',
    /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+|[\w/+=.@-]{1,512})$/,
    'a Secrets Manager secret name or ARN',
  );

  if (problems.length > 0) throw new SettingsError(problems);
  return Object.freeze({
    stackName,
    ...(region === undefined ? {} : { region }),
    ...(account === undefined ? {} : { account }),
    symbols: Object.freeze(symbols),
    source: sourceText as PlatformSettings['source'],
    schedule,
    endpoint: endpointText === 'true',
    endpointInstanceType,
    trainingInstanceType,
    ...(alertEmail === undefined ? {} : { alertEmail }),
    ...(alertWebhookUrl === undefined ? {} : { alertWebhookUrl }),
    maxRatioToPersistence,
    predictionsRetentionDays,
    logRetentionDays,
    ...(cryptoCompareSecret === undefined ? {} : { cryptoCompareSecret }),
  });
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
