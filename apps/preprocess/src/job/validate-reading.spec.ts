import { stableJson } from '@cf/storage';
import { cryptoCompareRowsOf, loadSampleCandles } from '@cf/ohlcv/testing';
import { readRawObject } from '../parsers/read-raw-object';
import { cryptoCompareFixture } from '../test-support/raw-fixtures';
import { validateReading, validationToday } from './validate-reading';

const candles = loadSampleCandles('XRP', { from: '2024-02-05', to: '2024-02-09' });
const rows = cryptoCompareRowsOf(candles);

function validate(
  objectRows: readonly unknown[],
  fetchedAt = '2024-02-10T00:05:00.000Z',
  runToday = '2024-02-12',
) {
  const { key, envelope } = cryptoCompareFixture('XRP', objectRows, {
    fetchedAt,
    from: '2024-02-05',
    to: '2024-02-09',
  });
  return validateReading(readRawObject(key, Buffer.from(stableJson(envelope))), runToday);
}

describe('validateReading', () => {
  it('keeps one row of a day repeated with identical values and counts the repeat as a duplicate', () => {
    const result = validate([...rows, rows[2]]);

    expect(result.candles.map((c) => c.candle)).toEqual(candles);
    expect(result.duplicates).toBe(1);
    expect(result.problems).toEqual([]);
  });

  it('quarantines every row of a day the object gives twice with different values', () => {
    const other = { ...rows[2], volumeto: (rows[2]['volumeto'] as number) + 1 };

    const result = validate([...rows, other]);

    expect(result.candles.map((c) => c.candle.date)).toEqual([
      '2024-02-05',
      '2024-02-06',
      '2024-02-08',
      '2024-02-09',
    ]);
    expect(result.problems.map((p) => [p.at, p.reasons])).toEqual([
      ['Data.Data[5]', ['conflicting-day']],
      ['Data.Data[2]', ['conflicting-day']],
    ]);
    expect(result.problems[1].row).toEqual(rows[2]);
  });

  it('does not let an invalid repeat of a day cast doubt on its valid row', () => {
    const broken = { ...rows[2], high: 0 };

    const result = validate([...rows, broken]);

    expect(result.candles.map((c) => c.candle)).toEqual(candles);
    expect(result.problems.map((p) => [p.at, p.reasons])).toEqual([
      ['Data.Data[5]', ['non-positive-price', 'high-below-open-close']],
    ]);
  });

  it('refuses as future-day the fetch day and later, even when the run is days later', () => {
    const result = validate(rows, '2024-02-08T23:59:59.000Z', '2024-03-01');

    expect(result.candles.map((c) => c.candle.date)).toEqual(['2024-02-05', '2024-02-06', '2024-02-07']);
    expect(result.problems.map((p) => [p.at, p.reasons])).toEqual([
      ['Data.Data[3]', ['future-day']],
      ['Data.Data[4]', ['future-day']],
    ]);
  });

  it('takes the earlier of the run day and the fetch day as today', () => {
    expect(validationToday('2024-02-12', '2024-02-10T23:00:00.000Z')).toBe('2024-02-10');
    expect(validationToday('2024-02-12', '2024-02-13T01:00:00+05:00')).toBe('2024-02-12');
    expect(validationToday('2024-02-12', '2024-02-11T22:00:00-05:00')).toBe('2024-02-12');
  });
});
