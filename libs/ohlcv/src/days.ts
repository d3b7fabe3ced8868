import type { IsoDay } from './candle';

const DAY_MS = 86_400_000;
/** Days from 0000-03-01 (the start of the proleptic Gregorian 400-year cycle used below) to 1970-01-01. */
const EPOCH_SHIFT = 719_468;
const DAYS_PER_ERA = 146_097;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

// Days are checked and converted on every candle of every request, so these work on character codes and
// integer arithmetic (days from civil date and back, in 400-year eras) instead of regular expressions and
// Date objects, which cost a microsecond each. Anything that is not a real `YYYY-MM-DD` day takes the
// original Date-based path, so odd inputs behave exactly as before.

/** Days in `month` (1-12) of `year`. */
function monthDays(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whole days from 1970-01-01 to `value` when it is a real calendar day written `YYYY-MM-DD` (what `isIsoDay`
 * accepts), NaN for anything else: one call both checks a day and converts it, so consecutive days differ
 * by exactly 1.
 *
 * @example
 * isoDayNumber('1970-01-02'); // 1
 * isoDayNumber('2023-02-30'); // NaN
 */
export function isoDayNumber(value: string): number {
  if (typeof value !== 'string' || value.length !== 10) return Number.NaN;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return Number.NaN;
  // Each `c - 48` is a digit exactly when it is 0-9 as an unsigned number.
  const y0 = value.charCodeAt(0) - 48;
  const y1 = value.charCodeAt(1) - 48;
  const y2 = value.charCodeAt(2) - 48;
  const y3 = value.charCodeAt(3) - 48;
  const m0 = value.charCodeAt(5) - 48;
  const m1 = value.charCodeAt(6) - 48;
  const d0 = value.charCodeAt(8) - 48;
  const d1 = value.charCodeAt(9) - 48;
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    m0 >>> 0 > 9 ||
    m1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9
  ) {
    return Number.NaN;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  // Date.UTC maps years 0-99 to 1900-1999, so the Date-based check never accepted them.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > monthDays(year, month)) return Number.NaN;
  // Everything below is a non-negative integer, so `| 0` is the integer division.
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

/** `YYYY-MM-DD` of a day number since 1970-01-01 whose year has four digits. */
function formatDayNumber(days: number): IsoDay {
  const z = days + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** True when `value` is a real calendar day written `YYYY-MM-DD` (so `2023-02-30` is not). */
export function isIsoDay(value: string): boolean {
  return !Number.isNaN(isoDayNumber(value));
}

/** Milliseconds since the epoch at 00:00 UTC of `day`. */
export function dayToEpochMs(day: IsoDay): number {
  const n = isoDayNumber(day);
  return Number.isNaN(n) ? Date.parse(`${day}T00:00:00.000Z`) : n * DAY_MS;
}

/** The UTC day that contains the instant `epochMs`. */
export function epochMsToDay(epochMs: number): IsoDay {
  // Date truncates a fractional instant toward zero before taking its day; so must this.
  const days = Math.floor(Math.trunc(epochMs) / DAY_MS);
  // Years 0000-9999 have four digits; other instants (and non-finite ones) keep Date's own answer or error.
  if (days >= -719_528 && days <= 2_932_896) return formatDayNumber(days);
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The UTC day of a clock reading. */
export function utcDay(now: Date): IsoDay {
  return now.toISOString().slice(0, 10);
}

/** `day` moved by `n` whole days (negative moves back). */
export function addDays(day: IsoDay, n: number): IsoDay {
  return epochMsToDay(dayToEpochMs(day) + n * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return Math.round((dayToEpochMs(to) - dayToEpochMs(from)) / DAY_MS);
}

/** The last UTC day that is complete at `now`: yesterday, in UTC. */
export function lastCompleteDay(now: Date): IsoDay {
  return addDays(utcDay(now), -1);
}
