import type { Candle } from './candle';
import { addDays, daysBetween } from './days';
import { InvalidSeriesError } from './errors';
import { findGaps } from './gaps';
import { loadSampleCandles } from './testing';

const at = (...dates: string[]) => dates.map((date) => ({ date }));

describe('findGaps', () => {
  it('finds each run of missing days, across month and leap-day boundaries', () => {
    const candles = at('2024-02-27', '2024-03-02', '2024-03-03', '2024-03-05');

    expect(findGaps(candles)).toEqual([
      { from: '2024-02-28', to: '2024-03-01', missingDays: 3 },
      { from: '2024-03-04', to: '2024-03-04', missingDays: 1 },
    ]);
  });

  it('finds nothing in an empty, single or contiguous series', () => {
    expect(findGaps([])).toEqual([]);
    expect(findGaps(at('2024-01-01'))).toEqual([]);
    expect(findGaps(loadSampleCandles('SOL'))).toEqual([]);
  });

  it('finds days removed from the real history, and agrees with a count of the calendar', () => {
    // Prepare: drop 3 single days and one week from BTC's 2023.
    const year: Candle[] = loadSampleCandles('BTC', { from: '2023-01-01', to: '2023-12-31' });
    const removed = new Set(['2023-02-10', '2023-05-01', '2023-05-03', '2023-09-01']);
    for (let i = 1; i < 7; i++) removed.add(addDays('2023-09-01', i));
    const holed = year.filter((c) => !removed.has(c.date));

    // Act
    const gaps = findGaps(holed);

    // Assert: the missing days add up, and every gap day is absent while its neighbours are present.
    const total = gaps.reduce((sum, g) => sum + g.missingDays, 0);
    expect(total).toBe(removed.size);
    expect(total).toBe(daysBetween('2023-01-01', '2023-12-31') + 1 - holed.length);
    expect(gaps.map((g) => [g.from, g.to])).toEqual([
      ['2023-02-10', '2023-02-10'],
      ['2023-05-01', '2023-05-01'],
      ['2023-05-03', '2023-05-03'],
      ['2023-09-01', '2023-09-07'],
    ]);
  });

  it('refuses unsorted, duplicated or malformed dates instead of guessing', () => {
    expect(() => findGaps(at('2024-01-02', '2024-01-01'))).toThrow(InvalidSeriesError);
    expect(() => findGaps(at('2024-01-01', '2024-01-01'))).toThrow(/row 1 \(2024-01-01\) is not after row 0/);
    expect(() => findGaps(at('2024-01-01', '2024-1-3'))).toThrow(/"2024-1-3"/);
  });
});
