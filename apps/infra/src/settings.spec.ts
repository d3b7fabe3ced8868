import { SettingsError } from './errors';
import { DEFAULT_SETTINGS, readSettings } from './settings';

const from = (context: Record<string, unknown>) => (key: string) => context[key];

describe('readSettings', () => {
  it('defaults to the five assets, CryptoCompare, 00:15 UTC, no endpoint, no subscriber', () => {
    const settings = readSettings(from({}));

    expect(settings).toEqual({
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
    });
    expect(settings.schedule).toBe(DEFAULT_SETTINGS.schedule);
  });

  it('reads -c strings and cdk.json values (booleans, numbers, lists) alike', () => {
    const fromCli = readSettings(
      from({
        symbols: 'btc, eth',
        endpoint: 'true',
        maxRatio: '1.1',
        logRetentionDays: '90',
        schedule: 'rate(1 day)',
      }),
    );
    const fromJson = readSettings(
      from({
        symbols: ['BTC', 'ETH'],
        endpoint: true,
        maxRatio: 1.1,
        logRetentionDays: 90,
        schedule: 'rate(1 day)',
      }),
    );

    expect(fromCli).toEqual(fromJson);
    expect(fromCli).toMatchObject({ symbols: ['BTC', 'ETH'], endpoint: true, maxRatioToPersistence: 1.1 });
  });

  it('takes the region from context, else from the CLI environment, and the account from the CLI only', () => {
    const env = { CDK_DEFAULT_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: '123456789012' };

    expect(readSettings(from({ region: 'eu-west-1' }), env)).toMatchObject({
      region: 'eu-west-1',
      account: '123456789012',
    });
    expect(readSettings(from({}), env)).toMatchObject({ region: 'us-east-1' });
    expect(readSettings(from({}), {})).not.toHaveProperty('region');
  });

  it('reports every bad value at once, naming the key and the value', () => {
    let error: unknown;
    try {
      readSettings(
        from({
          region: 'europe',
          symbols: 'BTC,$$$',
          source: 'csv',
          schedule: 'every day',
          endpoint: 'yes',
          alertEmail: 'nobody',
          alertWebhookUrl: 'http://insecure.example.com',
          maxRatio: '-1',
          predictionsRetentionDays: '30',
          logRetentionDays: '45',
          endpointInstanceType: 't2.medium',
        }),
      );
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems;
    expect(problems).toHaveLength(11);
    expect(problems.join('\n')).toContain(
      "context region must be an AWS region such as eu-west-1, got 'europe'",
    );
    expect(problems.join('\n')).toContain("got 'BTC,$$$'");
    expect(problems.join('\n')).toContain('context source must be cryptocompare or binance');
    expect(problems.join('\n')).toContain("got 'every day'");
    expect(problems.join('\n')).toContain("context endpoint must be true or false, got 'yes'");
    expect(problems.join('\n')).toContain(
      "context alertWebhookUrl must be an https:// URL, got 'http://insecure.example.com'",
    );
    expect(problems.join('\n')).toContain(
      "context logRetentionDays must be one of CloudWatch Logs' retention periods",
    );
    expect((error as SettingsError).code).toBe('INFRA_SETTINGS');
    expect((error as SettingsError).kind).toBe('input');
  });

  it('refuses a value that is not text', () => {
    expect(() => readSettings(from({ symbols: { BTC: true } }))).toThrow(
      'context symbols must be a string, got {"BTC":true}',
    );
  });
});
