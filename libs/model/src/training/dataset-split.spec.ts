import { addDays, daysBetween, toCandleSeries, type Candle } from '@cf/ohlcv';
import { loadSampleCandles } from '@cf/ohlcv/testing';
import type { TrainingDataset } from './dataset';
import { planDatasetSplit, prepareTrainingData } from './dataset-split';
import { buildDatasetWindows } from './dataset-windows';
import { InsufficientDataError } from '../errors';

const WINDOW = 8;
const HORIZON = 3;
const OPTIONS = { featureSet: 'scale-free', window: WINDOW, horizon: HORIZON } as const;
const FRACTIONS = { trainFraction: 0.6, validationFraction: 0.2, gapDays: HORIZON };

function dataset(candles: readonly Candle[]): TrainingDataset {
  return {
    symbol: candles[0].symbol,
    key: `processed/daily/symbol=${candles[0].symbol}/ohlcv.csv`,
    series: toCandleSeries(candles),
    sha256: 'not-checked-here',
    firstDate: candles[0].date,
    lastDate: candles[candles.length - 1].date,
  };
}

// BTC and ETH start on different days, so the split must be by calendar date, not by row count.
const btc = loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-12-31' });
const eth = loadSampleCandles('ETH', { from: '2023-04-01', to: '2023-12-31' });

describe('planDatasetSplit and prepareTrainingData', () => {
  const perSymbol = buildDatasetWindows([dataset(btc), dataset(eth)], OPTIONS);
  const split = planDatasetSplit(perSymbol, FRACTIONS);
  const prepared = prepareTrainingData(perSymbol, split);

  it('cuts every symbol at the same calendar dates, with more than `horizon` days between parts', () => {
    expect(split.gapDays).toBe(HORIZON);
    expect(daysBetween(split.train.to, split.validation.from)).toBe(HORIZON + 1);
    expect(daysBetween(split.validation.to, split.test.from)).toBe(HORIZON + 1);
    expect(split.train.from).toBe(perSymbol[0].windows.originDates[0]);
    expect(split.test.to).toBe('2023-12-28'); // the last origin with 3 known target days
  });

  it('puts each window in the part of its origin date and no training target reaches a later part', () => {
    const originsIn = (from: string, to: string) =>
      perSymbol.reduce((n, s) => n + s.windows.originDates.filter((d) => d >= from && d <= to).length, 0);

    expect(prepared.fitData.train.count).toBe(originsIn(split.train.from, split.train.to));
    expect(prepared.fitData.validation.count).toBe(originsIn(split.validation.from, split.validation.to));
    expect(prepared.counts.test).toBe(originsIn(split.test.from, split.test.to));
    // ETH starts later, so it has fewer training windows than BTC but the same validation and test dates.
    expect(prepared.counts.bySymbol.ETH.train).toBeLessThan(prepared.counts.bySymbol.BTC.train);
    expect(prepared.counts.bySymbol.ETH.test).toBe(prepared.counts.bySymbol.BTC.test);
    // The last day a training target looks at is before the first validation origin, and likewise for validation/test.
    expect(addDays(split.train.to, HORIZON) < split.validation.from).toBe(true);
    expect(addDays(split.validation.to, HORIZON) < split.test.from).toBe(true);
    for (const set of prepared.testBySymbol)
      expect(set.originDates.every((d) => d >= split.test.from)).toBe(true);
  });

  it('fits the feature scaler on training rows only and the target scaler on training targets only (independent fit)', () => {
    const rows = perSymbol.flatMap((s) => s.frame.rows.filter((_, i) => s.frame.dates[i] <= split.train.to));
    const names = perSymbol[0].frame.names;
    names.forEach((_, f) => {
      const column = rows.map((r) => r[f]);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const std = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length);
      expect(prepared.scalers.features.mean[f]).toBeCloseTo(mean, 12);
      expect(prepared.scalers.features.std[f]).toBeCloseTo(std, 12);
    });

    // Targets straight from the candles: the simple close returns of the 3 days after each training origin.
    const targets: number[][] = [];
    for (const candles of [btc, eth]) {
      candles.forEach((c, i) => {
        const isTrainingOrigin =
          perSymbol.some((s) => s.symbol === c.symbol && s.windows.originDates.includes(c.date)) &&
          c.date <= split.train.to;
        if (isTrainingOrigin)
          targets.push([1, 2, 3].map((k) => candles[i + k].close / candles[i + k - 1].close - 1));
      });
    }
    expect(targets).toHaveLength(prepared.counts.train);
    for (let k = 0; k < HORIZON; k++) {
      const column = targets.map((t) => t[k]);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const std = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length);
      expect(prepared.scalers.target.mean[k]).toBeCloseTo(mean, 10);
      expect(prepared.scalers.target.std[k]).toBeCloseTo(std, 10);
    }
    expect(prepared.scalers.fittedThrough).toBe(split.train.to);
  });

  it('scales the pooled training windows with those scalers, BTC first then ETH, each in date order', () => {
    const btcWindows = perSymbol[0].windows;
    const { mean, std } = prepared.scalers.features;
    const featureCount = btcWindows.featureCount;
    for (const i of [0, 5 * featureCount + 2, WINDOW * featureCount - 1]) {
      expect(prepared.fitData.train.x[i]).toBeCloseTo(
        (btcWindows.x[i] - mean[i % featureCount]) / std[i % featureCount],
        5,
      );
    }
    const { mean: tMean, std: tStd } = prepared.scalers.target;
    expect(prepared.fitData.train.y[1]).toBeCloseTo((btcWindows.y[1] - tMean[1]) / tStd[1], 5);
    expect(prepared.fitData).toMatchObject({ window: WINDOW, horizon: HORIZON, featureCount });
  });

  it('gives the same scalers and training data whatever happens after the validation part (no look-ahead)', () => {
    const cutoff = addDays(split.validation.to, HORIZON);
    const shock = (candles: Candle[]) =>
      candles.map((c) =>
        c.date > cutoff
          ? {
              ...c,
              open: c.open * 10,
              high: c.high * 10,
              low: c.low * 10,
              close: c.close * 10,
              volume: c.volume * 5,
            }
          : c,
      );
    const shocked = buildDatasetWindows([dataset(shock(btc)), dataset(shock(eth))], OPTIONS);

    const again = prepareTrainingData(shocked, planDatasetSplit(shocked, FRACTIONS));

    expect(again.split).toEqual(split);
    expect(again.scalers).toEqual(prepared.scalers);
    expect(Array.from(again.fitData.train.x)).toEqual(Array.from(prepared.fitData.train.x));
    expect(Array.from(again.fitData.validation.y)).toEqual(Array.from(prepared.fitData.validation.y));
    expect(again.testBySymbol[0].targetCloses).not.toEqual(prepared.testBySymbol[0].targetCloses);
  });

  it('does not modify its inputs', () => {
    const fresh = buildDatasetWindows([dataset(btc), dataset(eth)], OPTIONS);
    const before = fresh.map((s) => ({
      x: Array.from(s.windows.x),
      y: Array.from(s.windows.y),
      rows: s.frame.rows.map((r) => [...r]),
    }));

    prepareTrainingData(fresh, planDatasetSplit(fresh, FRACTIONS));

    expect(
      fresh.map((s) => ({
        x: Array.from(s.windows.x),
        y: Array.from(s.windows.y),
        rows: s.frame.rows.map((r) => [...r]),
      })),
    ).toEqual(before);
  });

  it('names the symbol when a dataset is too short for one window', () => {
    const short = loadSampleCandles('SOL', { from: '2023-01-01', to: '2023-01-20' });

    expect(() => buildDatasetWindows([dataset(btc), dataset(short)], OPTIONS)).toThrow(InsufficientDataError);
    expect(() => buildDatasetWindows([dataset(short)], OPTIONS)).toThrow(
      /SOL \(processed\/daily\/symbol=SOL\/ohlcv\.csv, 20 candles/,
    );
  });
});
