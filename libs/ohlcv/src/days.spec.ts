import { addDays, daysBetween, epochMsToDay, isIsoDay, lastCompleteDay, utcDay } from './days';

describe('UTC days', () => {
  it('accepts real calendar days only', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2023-02-29')).toBe(false);
    expect(isIsoDay('2024-2-1')).toBe(false);
    expect(isIsoDay('2024-02-01T00:00:00Z')).toBe(false);
  });

  it('moves across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(daysBetween('2023-12-31', '2024-03-01')).toBe(61);
  });

  it('takes the UTC day of an instant, whatever the local time zone', () => {
    expect(epochMsToDay(Date.UTC(2024, 0, 1, 23, 59, 59, 999))).toBe('2024-01-01');
    expect(utcDay(new Date('2024-01-02T00:00:00.000Z'))).toBe('2024-01-02');
    expect(lastCompleteDay(new Date('2024-01-02T00:00:01.000Z'))).toBe('2024-01-01');
  });
});
