import { addDays, dayToEpochMs, daysBetween, epochMsToDay, isIsoDay, lastCompleteDay, utcDay } from './days';

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

describe('UTC day arithmetic without Date objects', () => {
  // The reference: what these functions computed with Date before they worked on character codes.
  const referenceIsIsoDay = (value: string): boolean => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === value;
  };
  const referenceToMs = (day: string): number => Date.parse(`${day}T00:00:00.000Z`);
  const referenceToDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

  it('agrees with Date on every day from 1601 to 2400 and on the edges of four-digit years', () => {
    const start = Date.UTC(1601, 0, 1) / 86_400_000;
    const end = Date.UTC(2400, 11, 31) / 86_400_000;
    // 0000-01-01, the day before it (a six-digit year), 0099-12-31, 9999-12-31 and the day after it.
    const edges = [-719_528, -719_529, Date.UTC(100, 0, 1) / 86_400_000 - 1, 2_932_896, 2_932_897];
    const days = [...edges, ...Array.from({ length: end - start + 1 }, (_, i) => start + i)];
    const mismatches: string[] = [];

    for (const n of days) {
      const ms = n * 86_400_000;
      const day = referenceToDay(ms);
      if (epochMsToDay(ms) !== day || epochMsToDay(ms + 86_399_999) !== day)
        mismatches.push(`${ms} -> ${day}`);
      if (isIsoDay(day) !== referenceIsIsoDay(day)) mismatches.push(`isIsoDay ${day}`);
      if (dayToEpochMs(day) !== referenceToMs(day)) mismatches.push(`${day} -> ${referenceToMs(day)}`);
    }

    expect(mismatches).toEqual([]);
    expect(addDays('1999-12-31', 366)).toBe('2000-12-31');
    expect(daysBetween('1601-01-01', '2400-12-31')).toBe(end - start);
  });

  it('agrees with Date on malformed and impossible days, including the ones Date.parse rolls over', () => {
    const odd = [
      '2023-02-29',
      '2023-02-30',
      '2023-02-31',
      '2023-02-32',
      '2023-04-31',
      '2023-13-01',
      '2023-00-10',
      '2023-01-00',
      '0050-01-01',
      '0099-12-31',
      '0100-01-01',
      '+02023-01-01',
      ' 2023-01-01',
      '2023-1-01',
      '2023/01/01',
      '2023-01-0a',
      '',
      '2023-01-011',
    ];

    for (const value of odd) {
      expect(isIsoDay(value)).toBe(referenceIsIsoDay(value));
      expect(dayToEpochMs(value)).toBe(referenceToMs(value));
    }
    expect(isIsoDay(20240101 as unknown as string)).toBe(false);
    expect(() => epochMsToDay(Number.NaN)).toThrow(RangeError);
    for (const ms of [-0.5, -86_400_000.5, -1.25, 0.5, 86_399_999.9, -62_135_596_800_000.5]) {
      expect(epochMsToDay(ms)).toBe(referenceToDay(ms));
    }
    expect(epochMsToDay(Date.UTC(10_000, 0, 1))).toBe(referenceToDay(Date.UTC(10_000, 0, 1)));
  });
});
