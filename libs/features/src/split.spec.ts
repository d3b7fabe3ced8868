import { addDays, daysBetween } from '@cf/ohlcv';
import { computeFeatures } from './feature-sets';
import { assignSplit, lastOriginWithKnownTargets, planTimeSplit, type TimeSplit } from './split';
import { expectFeaturesError, SAMPLE_SYMBOLS, sampleCandles } from './test-support/sample-candles';
import { buildWindows } from './windows';

const HORIZON = 7;
const sets = SAMPLE_SYMBOLS.map((symbol) =>
  buildWindows(computeFeatures(sampleCandles(symbol), 'scale-free'), { window: 60, horizon: HORIZON }),
);
const options = { trainFraction: 0.7, validationFraction: 0.15, gapDays: HORIZON };

describe('planTimeSplit', () => {
  it('cuts five assets with different first days at the same calendar dates, with horizon-day gaps', () => {
    const split = planTimeSplit(
      sets.flatMap((s) => s.originDates),
      options,
    );

    // BTC has an origin on each of the 3355 days 2014-11-29..2024-02-04, so those are the distinct dates;
    // train takes floor(3355 * 0.7) = 2348 of them
    expect(new Set(sets.flatMap((s) => s.originDates)).size).toBe(3355);
    expect(split.train).toEqual({ from: '2014-11-29', to: addDays('2014-11-29', 2347) });
    expect(daysBetween(split.train.to, split.validation.from)).toBe(HORIZON + 1);
    expect(daysBetween(split.validation.to, split.test.from)).toBe(HORIZON + 1);
    expect(split.test.to).toBe('2024-02-04'); // last origin with 7 known target days before 2024-02-11
    for (const set of sets) {
      set.originDates.forEach((origin) => {
        const part = assignSplit(origin, split);
        const lastTargetDay = addDays(origin, HORIZON);
        if (part === 'train') expect(lastTargetDay < split.validation.from).toBe(true);
        if (part === 'validation') expect(lastTargetDay < split.test.from).toBe(true);
      });
    }
  });

  it('assigns by date, never by index: a late-starting asset has a smaller training share than BTC', () => {
    const split = planTimeSplit(
      sets.flatMap((s) => s.originDates),
      options,
    );

    const share = (i: number) =>
      sets[i].originDates.filter((d) => assignSplit(d, split) === 'train').length / sets[i].count;
    expect(share(0)).toBe(2348 / 3355); // BTC: one window per distinct date
    expect(share(1)).toBeLessThan(0.6); // ETH from 2018
    expect(share(4)).toBeLessThan(0.3); // SOL from 2020
    for (const set of sets) {
      const parts = set.originDates.map((d) => assignSplit(d, split));
      const order = ['train', 'gap', 'validation', 'gap', 'test'];
      // along each symbol's time axis the parts only move forward: train, gap, validation, gap, test
      const ranks = parts.map((p, i) =>
        p === 'gap' ? (set.originDates[i] < split.validation.from ? 1 : 3) : order.indexOf(p),
      );
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it('lets the gaps come out of the test share, and handles gapDays 0', () => {
    const dates = Array.from({ length: 100 }, (_, i) => addDays('2023-01-01', i));

    const withGaps = planTimeSplit(dates, { trainFraction: 0.6, validationFraction: 0.2, gapDays: 5 });
    const noGaps = planTimeSplit(dates, { trainFraction: 0.6, validationFraction: 0.2, gapDays: 0 });

    expect(withGaps).toEqual({
      train: { from: '2023-01-01', to: '2023-03-01' }, // 60 days
      validation: { from: '2023-03-07', to: '2023-03-26' }, // 20 days after 5 gap days
      test: { from: '2023-04-01', to: '2023-04-10' },
      gapDays: 5,
    });
    expect(noGaps.validation.from).toBe('2023-03-02');
    expect(noGaps.test).toEqual({ from: '2023-03-22', to: '2023-04-10' });
  });

  it('rejects options that are out of range and data too short for three parts', () => {
    const dates = Array.from({ length: 30 }, (_, i) => addDays('2023-01-01', i));
    const bad = 'FEATURES_INVALID_ARGUMENT';

    expectFeaturesError(
      () => planTimeSplit(dates, { ...options, trainFraction: 0 }),
      bad,
      /trainFraction must be in \(0, 1\), got 0/,
    );
    expectFeaturesError(
      () => planTimeSplit(dates, { ...options, validationFraction: NaN }),
      bad,
      /validationFraction .* got NaN/,
    );
    expectFeaturesError(
      () => planTimeSplit(dates, { ...options, trainFraction: 0.8, validationFraction: 0.2 }),
      bad,
      /below 1 .* got 0.8 \+ 0.2/,
    );
    expectFeaturesError(
      () => planTimeSplit(dates, { ...options, gapDays: -1 }),
      bad,
      /gapDays must be an integer >= 0, got -1/,
    );
    expectFeaturesError(() => planTimeSplit(['2023-13-01'], options), bad, /origin date '2023-13-01'/);
    expectFeaturesError(
      () => planTimeSplit(dates, { trainFraction: 0.5, validationFraction: 0.4, gapDays: 7 }),
      'FEATURES_NOT_ENOUGH_DATA',
      /30 distinct origin dates \(2023-01-01 to 2023-01-30\) cannot make train 0.5, validation 0.4 and a test part with 7-day gaps/,
    );
  });
});

describe('assignSplit', () => {
  const split: TimeSplit = {
    train: { from: '2023-01-01', to: '2023-06-30' },
    validation: { from: '2023-07-08', to: '2023-09-30' },
    test: { from: '2023-10-08', to: '2023-12-31' },
    gapDays: 7,
  };

  it.each([
    ['2023-01-01', 'train'],
    ['2023-06-30', 'train'],
    ['2023-07-01', 'gap'],
    ['2023-07-07', 'gap'],
    ['2023-07-08', 'validation'],
    ['2023-09-30', 'validation'],
    ['2023-10-07', 'gap'],
    ['2023-10-08', 'test'],
    ['2023-12-31', 'test'],
    ['2022-12-31', 'gap'],
    ['2024-01-01', 'gap'],
  ])('puts %s in %s', (date, part) => {
    expect(assignSplit(date, split)).toBe(part);
  });
});

describe('lastOriginWithKnownTargets', () => {
  it('is horizon days before the cut-off, across month ends', () => {
    expect(lastOriginWithKnownTargets('2024-03-03', 7)).toBe('2024-02-25');
    expectFeaturesError(
      () => lastOriginWithKnownTargets('2024-3-3', 7),
      'FEATURES_INVALID_ARGUMENT',
      /cut-off '2024-3-3'/,
    );
  });
});
