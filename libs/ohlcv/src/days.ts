import type { IsoDay } from './candle';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar day written `YYYY-MM-DD` (so `2023-02-30` is not). */
export function isIsoDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Milliseconds since the epoch at 00:00 UTC of `day`. */
export function dayToEpochMs(day: IsoDay): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** The UTC day that contains the instant `epochMs`. */
export function epochMsToDay(epochMs: number): IsoDay {
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
