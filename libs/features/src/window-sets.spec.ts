import { computeFeatures } from './feature-sets';
import { planTimeSplit } from './split';
import { expectFeaturesError, sampleCandles } from './test-support/sample-candles';
import { concatWindowSets, selectWindows, splitWindows } from './window-sets';
import { buildWindows, type WindowSet } from './windows';

const options = { window: 20, horizon: 5 };
const btc = buildWindows(computeFeatures(sampleCandles('BTC').slice(-300), 'scale-free'), options);
const eth = buildWindows(computeFeatures(sampleCandles('ETH').slice(-200), 'scale-free'), options);

function windowOf(set: WindowSet, i: number) {
  const stride = set.window * set.featureCount;
  return {
    x: Array.from(set.x.subarray(i * stride, (i + 1) * stride)),
    y: Array.from(set.y.subarray(i * set.horizon, (i + 1) * set.horizon)),
    origin: set.originDates[i],
    symbol: set.symbols[i],
    close: set.originCloses[i],
    targets: set.targetCloses[i],
  };
}

describe('selectWindows', () => {
  it('keeps the chosen windows whole and in order, as a copy', () => {
    const from = btc.originDates[100];

    const later = selectWindows(btc, (date) => date >= from);
    later.x.fill(0);
    later.y.fill(0);

    const kept = selectWindows(btc, (date) => date >= from);
    expect(kept.count).toBe(btc.count - 100);
    expect(kept.x).toHaveLength(kept.count * 20 * btc.featureCount);
    expect(windowOf(kept, 0)).toEqual(windowOf(btc, 100));
    expect(windowOf(kept, kept.count - 1)).toEqual(windowOf(btc, btc.count - 1));
    expect(btc.x.some((v) => v !== 0)).toBe(true);
  });
});

describe('concatWindowSets', () => {
  it('pools symbols in the given order, remembering the symbol of each window', () => {
    const pooled = concatWindowSets([btc, eth]);

    expect(pooled.count).toBe(btc.count + eth.count);
    expect(pooled.symbol).toBe('BTC,ETH');
    expect(pooled.symbols.slice(btc.count - 1, btc.count + 1)).toEqual(['BTC', 'ETH']);
    expect(windowOf(pooled, btc.count + 3)).toEqual(windowOf(eth, 3));
    expect(windowOf(pooled, 7)).toEqual(windowOf(btc, 7));
    const btcOnly = selectWindows(pooled, (_, symbol) => symbol === 'BTC');
    expect(btcOnly.x).toEqual(btc.x);
  });

  it('refuses to pool sets of other shapes, or nothing', () => {
    const other = buildWindows(computeFeatures(sampleCandles('ETH').slice(-200), 'scale-free'), {
      window: 20,
      horizon: 3,
    });
    const noTargets = buildWindows(computeFeatures(sampleCandles('ETH').slice(-200), 'scale-free'), {
      ...options,
      includeTargets: false,
    });

    expectFeaturesError(
      () => concatWindowSets([btc, other]),
      'FEATURES_MISMATCH',
      /cannot pool ETH \('scale-free' x 8, window 20, horizon 3, with targets\) with BTC/,
    );
    expectFeaturesError(() => concatWindowSets([btc, noTargets]), 'FEATURES_MISMATCH', /without targets/);
    expectFeaturesError(() => concatWindowSets([]), 'FEATURES_NOT_ENOUGH_DATA', /no window sets/);
  });
});

describe('splitWindows', () => {
  it('partitions a pooled set by origin date, leaving out only the gap windows', () => {
    const pooled = concatWindowSets([btc, eth]);
    const split = planTimeSplit(pooled.originDates, {
      trainFraction: 0.6,
      validationFraction: 0.2,
      gapDays: 5,
    });

    const { train, validation, test } = splitWindows(pooled, split);

    const gapWindows = pooled.originDates.filter(
      (d) =>
        (d > split.train.to && d < split.validation.from) || (d > split.validation.to && d < split.test.from),
    ).length;
    expect(gapWindows).toBe(2 * 5 * 2); // two gaps of 5 days, both symbols present on those days
    expect(train.count + validation.count + test.count + gapWindows).toBe(pooled.count);
    expect(train.originDates.every((d) => d <= split.train.to)).toBe(true);
    expect(test.originDates.every((d) => d >= split.test.from)).toBe(true);
    expect(new Set(validation.symbols)).toEqual(new Set(['BTC', 'ETH']));
  });
});
