import type { PointScores, RangeScores } from '@cf/forecasting';
import { decidePromotion, type GateScores } from './promotion-gate';

const SETTINGS = { maxRatioToPersistence: 1, significance: 0.05 };

function scores(ratio: number | null, dm: { statistic: number; pValue: number } | null = null): PointScores {
  return {
    forecasts: 100,
    points: 700,
    mae: null,
    persistenceMae: null,
    relativeMae: 0.03 * (ratio ?? 1),
    persistenceRelativeMae: ratio === null ? 0 : 0.03,
    ratio,
    directionalAccuracy: 0.5,
    dieboldMariano: dm,
  };
}

function gate(model: string, point: PointScores, overrides: Partial<GateScores> = {}): GateScores {
  return {
    version: `v-${model}`,
    model,
    parameters: { lags: 5 },
    trainedThrough: '2024-02-11',
    point,
    ...overrides,
  };
}

function ranges(pinball: number, dm: { statistic: number; pValue: number } | null = null): RangeScores {
  const coverage = (nominal: number) => ({
    nominal,
    rate: nominal,
    referenceRate: nominal,
    meanWidth: 0.1,
    referenceMeanWidth: 0.1,
    kupiec: null,
    christoffersen: null,
  });
  return {
    forecasts: 100,
    points: 700,
    pinball,
    referencePinball: 0.01,
    pinballRatio: pinball / 0.01,
    crps: 2 * pinball,
    referenceCrps: 0.02,
    coverage: [coverage(0.8), coverage(0.9)],
    dieboldMariano: dm,
  };
}

describe('decidePromotion', () => {
  it.each<[string, PointScores, boolean]>([
    ['better than persistence', scores(0.97, { statistic: -1.2, pValue: 0.23 }), true],
    ['equal to persistence', scores(1, null), true],
    ['above the limit', scores(1.01, { statistic: 0.3, pValue: 0.76 }), false],
    ['without a ratio (persistence never erred)', scores(null), false],
  ])('with nothing live, promotes a candidate %s only if it passes the limit', (_what, point, promote) => {
    expect(decidePromotion(gate('ridge', point), undefined, SETTINGS).promote).toBe(promote);
  });

  it('refuses a candidate within the limit that is significantly worse than persistence', () => {
    // act: a lenient limit lets 1.04 through; the Diebold-Mariano test does not
    const decision = decidePromotion(
      gate('ridge', scores(1.04, { statistic: 2.5, pValue: 0.012 })),
      undefined,
      { ...SETTINGS, maxRatioToPersistence: 1.1 },
    );

    // assert
    expect(decision).toMatchObject({
      promote: false,
      checks: { withinLimit: true, notSignificantlyWorse: false, betterThanLive: null, refresh: false },
    });
    expect(decision.reasons).toEqual([
      'ridge ratio to persistence 1.0400 <= limit 1.1000 on 100 held-out forecasts',
      'Diebold-Mariano against persistence: statistic 2.50, p-value 0.012: significantly worse (p < 0.05)',
    ]);
  });

  it('needs a new recipe to beat the live model on the same origins', () => {
    const live = gate('lstm/scale-free', scores(0.98));
    expect(decidePromotion(gate('ridge', scores(0.99)), live, SETTINGS)).toMatchObject({
      promote: false,
      checks: { betterThanLive: false, refresh: false },
    });
    expect(decidePromotion(gate('ridge', scores(0.97)), live, SETTINGS)).toMatchObject({
      promote: true,
      checks: { betterThanLive: true },
    });
  });

  it('takes the live recipe refitted on newer data when it passes the limit, but never an older fit', () => {
    const live = gate('ridge', scores(0.97), { version: 'v-old', trainedThrough: '2024-02-04' });
    const newer = gate('ridge', scores(0.99));
    const older = gate('ridge', scores(0.95), { trainedThrough: '2024-01-28' });
    const otherParameters = gate('ridge', scores(0.99), { parameters: { lags: 10 } });

    expect(decidePromotion(newer, live, SETTINGS)).toMatchObject({
      promote: true,
      checks: { refresh: true },
    });
    expect(decidePromotion(older, live, SETTINGS)).toMatchObject({ checks: { refresh: false } });
    expect(decidePromotion(otherParameters, live, SETTINGS)).toMatchObject({
      promote: false,
      checks: { refresh: false, betterThanLive: false },
    });
  });

  it('refuses ranges significantly worse than the naive ranges, whatever the point forecast', () => {
    const candidate = gate('persistence+har', scores(1), {
      ranges: ranges(0.0107, { statistic: 3.2, pValue: 0.001 }),
    });

    const decision = decidePromotion(candidate, undefined, SETTINGS);

    expect(decision).toMatchObject({ promote: false, checks: { rangesNotWorseThanNaive: false } });
    expect(decision.reasons[2]).toBe(
      "ranges: pinball 1.0700 times the naive ranges', 80%/90% coverage 80.0%/90.0%; Diebold-Mariano on pinball: statistic 3.20, p-value 0.001: significantly worse (p < 0.05)",
    );
  });

  it('takes better ranges with a point forecast no worse, and never drops the live ranges', () => {
    const live = gate('persistence+ewma', scores(1), { version: 'v-live', ranges: ranges(0.0102) });
    const sharper = gate('persistence+garch', scores(1), { ranges: ranges(0.0099) });
    const pointOnly = gate('ridge', scores(0.98));

    expect(decidePromotion(sharper, live, SETTINGS)).toMatchObject({
      promote: true,
      checks: { betterThanLive: true, rangesNotWorseThanNaive: true },
    });
    const dropped = decidePromotion(pointOnly, live, SETTINGS);
    expect(dropped.promote).toBe(false);
    expect(dropped.reasons).toContain('the live model publishes ranges and ridge does not: refused');
  });
});
