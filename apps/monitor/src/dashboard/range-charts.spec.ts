import type { FanDay, FanStep } from './fan-data';
import { fanReadout } from './range-charts';

describe('fanReadout', () => {
  const step: FanStep = {
    origin: '2024-02-03',
    lastClose: 43000,
    horizonDay: 2,
    latest: false,
    point: 43100,
    median: 43050.4,
    range50: { lower: 42500, upper: 43600 },
    range80: { lower: 41800, upper: 44300 },
    range90: { lower: 41200, upper: 44900 },
  };
  const day = (actual: number | null, forecast: FanStep | null = step): FanDay => ({
    date: '2024-02-05',
    actual,
    forecast,
  });

  it("lists the day, the actual close and where it fell, and the covering forecast's median and ranges", () => {
    // act / assert
    expect(fanReadout(day(43000))).toEqual([
      '2024-02-05',
      'actual 43,000 (inside the 80% range)',
      'forecast of 2024-02-03, day 2',
      'median 43,050',
      '50% 42,500 – 43,600',
      '80% 41,800 – 44,300',
      '90% 41,200 – 44,900',
    ]);
    expect(fanReadout(day(44500))[1]).toBe('actual 44,500 (outside the 80%, inside the 90% range)');
    expect(fanReadout(day(41199))[1]).toBe('actual 41,199 (outside the 90% range)');
    expect(fanReadout(day(44900))[1]).toBe('actual 44,900 (outside the 80%, inside the 90% range)');
  });

  it('says when the close is not known yet, and when no drawn forecast covers the day', () => {
    // act / assert
    expect(fanReadout(day(null, { ...step, latest: true })).slice(1, 3)).toEqual([
      'actual close not known yet',
      'latest forecast of 2024-02-03, day 2',
    ]);
    expect(fanReadout(day(43000, null))).toEqual([
      '2024-02-05',
      'actual 43,000',
      'no forecast with ranges drawn for this day',
    ]);
  });
});
