import { addDays, daysBetween } from '@cf/ohlcv';
import { planPages } from './page-plan';

describe('planPages', () => {
  it('cuts the range into pages of maxDays from `from`, the last one shorter', () => {
    expect(planPages({ from: '2024-01-01', to: '2024-01-10' }, 4)).toEqual([
      { from: '2024-01-01', to: '2024-01-04' },
      { from: '2024-01-05', to: '2024-01-08' },
      { from: '2024-01-09', to: '2024-01-10' },
    ]);
  });

  it('covers every day exactly once, over month, leap-day and year ends', () => {
    const range = { from: '2019-12-15', to: '2024-03-02' };
    for (const maxDays of [1, 7, 30, 1000, 2001, 5000]) {
      const pages = planPages(range, maxDays);

      expect(pages[0].from).toBe(range.from);
      expect(pages[pages.length - 1].to).toBe(range.to);
      for (let i = 1; i < pages.length; i++) expect(pages[i].from).toBe(addDays(pages[i - 1].to, 1));
      for (const page of pages) expect(daysBetween(page.from!, page.to) + 1).toBeLessThanOrEqual(maxDays);
      expect(pages.reduce((n, p) => n + daysBetween(p.from!, p.to) + 1, 0)).toBe(
        daysBetween(range.from, range.to) + 1,
      );
    }
  });

  it('keeps the earlier pages when only the end moves (a backfill re-run on a later day)', () => {
    const today = planPages({ from: '2023-01-01', to: '2024-02-11' }, 100);
    const tomorrow = planPages({ from: '2023-01-01', to: '2024-02-12' }, 100);

    expect(tomorrow.slice(0, -1)).toEqual(today.slice(0, -1));
  });

  it('reads a range without a first day (a whole CSV file) as one page', () => {
    expect(planPages({ to: '2024-02-11' }, 1000)).toEqual([{ to: '2024-02-11' }]);
    expect(planPages({ from: '2000-01-01', to: '2024-02-11' }, Number.POSITIVE_INFINITY)).toEqual([
      { from: '2000-01-01', to: '2024-02-11' },
    ]);
  });
});
