import { dayOfTimestamp, timestampUnitOf } from './provider-timestamp';

describe('timestampUnitOf', () => {
  it('tells the unit of a market-day timestamp from its magnitude', () => {
    const day = Date.UTC(2024, 1, 10);
    expect(timestampUnitOf(day / 1000)).toBe('seconds');
    expect(timestampUnitOf(day)).toBe('milliseconds');
    expect(timestampUnitOf(day * 1000)).toBe('microseconds');
    expect(timestampUnitOf(day * 1e6)).toBe('nanoseconds');
    // The bands hold from 1973 to 5138 for every unit.
    expect(timestampUnitOf(Date.UTC(1973, 3, 1) / 1000)).toBe('seconds');
    expect(timestampUnitOf(Date.UTC(5000, 0, 1) / 1000)).toBe('seconds');
    expect(timestampUnitOf(Date.UTC(1973, 3, 1))).toBe('milliseconds');
    expect(timestampUnitOf(0)).toBeUndefined();
    expect(timestampUnitOf(NaN)).toBeUndefined();
  });
});

describe('dayOfTimestamp', () => {
  it('reads the day of an integer midnight in the expected unit', () => {
    expect(dayOfTimestamp('time', 1707523200, 'seconds')).toEqual({ day: '2024-02-10' });
    expect(dayOfTimestamp('openTime', 1707523200000, 'milliseconds')).toEqual({ day: '2024-02-10' });
    expect(dayOfTimestamp('time', 0, 'seconds')).toEqual({ day: '1970-01-01' });
  });

  it('refuses another unit, naming the unit it is in and the instant it would be', () => {
    expect(dayOfTimestamp('time', 1707523200000, 'seconds')).toEqual({
      issue: {
        reason: 'wrong-time-unit',
        detail:
          'time 1707523200000 is epoch milliseconds (2024-02-10T00:00:00.000Z); expected epoch seconds, not converted',
      },
    });
    expect(dayOfTimestamp('openTime', 1707523200000000, 'milliseconds')).toMatchObject({
      issue: {
        reason: 'wrong-time-unit',
        detail: expect.stringContaining('is epoch microseconds (2024-02-10'),
      },
    });
  });

  it('names strings, other types, fractions and instants out of range', () => {
    expect(dayOfTimestamp('time', '1707523200', 'seconds')).toMatchObject({
      issue: { reason: 'number-as-string' },
    });
    expect(dayOfTimestamp('time', null, 'seconds')).toEqual({
      issue: { reason: 'wrong-type', detail: 'time null is not a number' },
    });
    expect(dayOfTimestamp('time', 17075232.5, 'seconds')).toMatchObject({
      issue: { reason: 'bad-timestamp' },
    });
    expect(dayOfTimestamp('time', -86400, 'seconds')).toMatchObject({ issue: { reason: 'bad-timestamp' } });
    expect(dayOfTimestamp('time', NaN, 'seconds')).toEqual({
      issue: {
        reason: 'bad-timestamp',
        detail: 'time NaN is not an integer instant between 1970 and 9999 in seconds',
      },
    });
    expect(dayOfTimestamp('time', 1707523201, 'seconds')).toMatchObject({
      issue: { reason: 'not-midnight-utc' },
    });
  });
});
