import { InvalidKeyError } from './errors';
import {
  alertsKey,
  assertValidKey,
  assertValidPrefix,
  backtestKey,
  checkName,
  joinKey,
  latestPredictionKey,
  LATEST_MODEL_VERSION,
  modelKey,
  modelPrefix,
  monitoringMetricsKey,
  predictionKey,
  PROCESSED_MANIFEST_KEY,
  processedDatasetKey,
  quarantineKey,
  rawCandlesKey,
  rawPrefix,
} from './keys';

function invalidKeyMessage(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect(error).toMatchObject({ code: 'STORAGE_INVALID_KEY', kind: 'input' });
    return (error as Error).message;
  }
  throw new Error('expected InvalidKeyError, nothing was thrown');
}

describe('key builders', () => {
  it("build DESIGN.md's layout", () => {
    expect(rawCandlesKey('cryptocompare', 'BTC', '2024-03-01')).toBe(
      'raw/source=cryptocompare/symbol=BTC/dt=2024-03-01/candles.json',
    );
    expect(rawPrefix()).toBe('raw/');
    expect(rawPrefix('binance')).toBe('raw/source=binance/');
    expect(processedDatasetKey('ETH')).toBe('processed/daily/symbol=ETH/ohlcv.csv');
    expect(PROCESSED_MANIFEST_KEY).toBe('processed/daily/_manifest.json');
    expect(quarantineKey('2024-03-01', 'SOL')).toBe('processed/quarantine/dt=2024-03-01/symbol=SOL.json');
    expect(modelPrefix('20240301T000000Z-ab12')).toBe('models/20240301T000000Z-ab12/');
    expect(modelPrefix(LATEST_MODEL_VERSION)).toBe('models/latest/');
    expect(modelKey('v1', 'model.json')).toBe('models/v1/model.json');
    expect(modelKey('v1', 'group1-shard1of1.bin')).toBe('models/v1/group1-shard1of1.bin');
    expect(predictionKey('2024-03-01', 'BTC', 'json')).toBe('predictions/dt=2024-03-01/symbol=BTC.json');
    expect(predictionKey('2024-03-01', 'BTC', 'csv')).toBe('predictions/dt=2024-03-01/symbol=BTC.csv');
    expect(latestPredictionKey('latest_all.json')).toBe('predictions/latest/latest_all.json');
    expect(monitoringMetricsKey('daily', '2024-03-01')).toBe('monitoring/daily/dt=2024-03-01/metrics.json');
    expect(monitoringMetricsKey('rolling', '2024-03-01')).toBe(
      'monitoring/rolling/dt=2024-03-01/metrics.json',
    );
    expect(alertsKey('2024-03-01')).toBe('monitoring/alerts/dt=2024-03-01/alerts.json');
    expect(backtestKey('run-7', 'report.json')).toBe('backtests/run-7/report.json');
  });

  it.each(['../../etc', '..', 'btc', 'BTC/ETH', 'BTC-USD', '', 'ABCDEFGHIJKLMNOP', 'BTC ', 'B\u0000TC'])(
    'refuse the symbol %j with InvalidKeyError naming it',
    (symbol) => {
      for (const build of [
        () => rawCandlesKey('cc', symbol, '2024-01-01'),
        () => processedDatasetKey(symbol),
        () => quarantineKey('2024-01-01', symbol),
        () => predictionKey('2024-01-01', symbol, 'json'),
      ]) {
        expect(invalidKeyMessage(build)).toContain(`symbol '${symbol}'`);
      }
    },
  );

  it.each(['2024-1-01', '../2024-01-01', '20240101', '2024-01-01/x', ''])('refuse the day %j', (day) => {
    for (const build of [
      () => rawCandlesKey('cc', 'BTC', day),
      () => quarantineKey(day, 'BTC'),
      () => predictionKey(day, 'BTC', 'json'),
      () => monitoringMetricsKey('daily', day),
      () => alertsKey(day),
    ]) {
      expect(invalidKeyMessage(build)).toContain(`day '${day}'`);
    }
  });

  it('refuse sources, versions, file names and ids that could escape their segment', () => {
    expect(invalidKeyMessage(() => rawCandlesKey('../cc', 'BTC', '2024-01-01'))).toContain("source '../cc'");
    expect(invalidKeyMessage(() => rawPrefix('CC'))).toContain("source 'CC'");
    expect(invalidKeyMessage(() => modelPrefix('..'))).toContain("model version '..'");
    expect(invalidKeyMessage(() => modelKey('v1/../../x', 'model.json'))).toContain(
      "model version 'v1/../../x'",
    );
    expect(invalidKeyMessage(() => modelKey('v1', '../metadata.json'))).toContain(
      "file name '../metadata.json'",
    );
    expect(invalidKeyMessage(() => latestPredictionKey('.hidden'))).toContain("file name '.hidden'");
    expect(invalidKeyMessage(() => backtestKey('', 'a.json'))).toContain("backtest id ''");
    expect(invalidKeyMessage(() => checkName('a b', 'run id'))).toContain("run id 'a b'");
  });
});

describe('assertValidKey', () => {
  it('accepts relative keys with Hive-style and dotted segments', () => {
    for (const key of ['a', 'raw/source=cc/x.json', 'a/.hidden/b', 'a/b..c', 'x=1/y=2']) {
      expect(() => assertValidKey(key)).not.toThrow();
    }
  });

  it.each([
    ['', 'empty'],
    ['/abs', 'absolute'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['../x', "'..' segment"],
    ['a/./b', "'.' segment"],
    ['a\\b', 'backslash'],
    ['a\u0007b', 'control character'],
    ['x'.repeat(1025), 'longer than 1024'],
  ])('refuses %j (%s)', (key, reason) => {
    expect(invalidKeyMessage(() => assertValidKey(key))).toContain(reason);
  });

  it('joins and validates segments, and checks prefixes that may end with a slash', () => {
    expect(joinKey('backtests', 'run=1', 'a.json')).toBe('backtests/run=1/a.json');
    expect(() => joinKey('a', '', 'b')).toThrow(InvalidKeyError);
    expect(() => assertValidPrefix('')).not.toThrow();
    expect(() => assertValidPrefix('raw/')).not.toThrow();
    expect(() => assertValidPrefix('raw/source=c')).not.toThrow();
    expect(() => assertValidPrefix('raw//')).toThrow(InvalidKeyError);
    expect(() => assertValidPrefix('../')).toThrow(InvalidKeyError);
  });
});
