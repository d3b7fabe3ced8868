import type { IsoDay } from './candle';
import { epochMsToDay } from './days';
import { showValue, type ProviderRowIssue } from './provider-rows';

/** Units an epoch timestamp may be written in. */
export type TimestampUnit = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';

const DAY_MS = 86_400_000;
// 9999-12-31T00:00:00Z: later instants have no YYYY-MM-DD day.
const MAX_MS = 253_402_214_400_000;
const MS_PER_UNIT: Readonly<Record<TimestampUnit, number>> = {
  seconds: 1000,
  milliseconds: 1,
  microseconds: 1e-3,
  nanoseconds: 1e-6,
};
// Each unit's band of magnitudes covers 1973-03-03 to 5138 and the bands do not overlap, so the unit of a
// timestamp of any real market day is unambiguous.
const BANDS: readonly [TimestampUnit, number][] = [
  ['nanoseconds', 1e17],
  ['microseconds', 1e14],
  ['milliseconds', 1e11],
  ['seconds', 1e8],
];

/**
 * The unit an epoch timestamp is evidently written in, from its magnitude: seconds from 1e8, milliseconds
 * from 1e11, microseconds from 1e14, nanoseconds from 1e17; `undefined` below 1e8 (before March 1973 in
 * seconds, which no market day of these providers is) or when not finite.
 *
 * @example
 * timestampUnitOf(1707523200); // 'seconds'
 * timestampUnitOf(1707523200000); // 'milliseconds'
 */
export function timestampUnitOf(value: number): TimestampUnit | undefined {
  if (!Number.isFinite(value)) return undefined;
  return BANDS.find(([, from]) => Math.abs(value) >= from)?.[0];
}

/**
 * The UTC day a provider timestamp opens, when it is an integer instant in the provider's `unit`, exactly at
 * 00:00:00 UTC, between 1970 and 9999; otherwise the issue: `number-as-string`, `wrong-type`,
 * `wrong-time-unit` (milliseconds where the provider sends seconds, or the reverse: refused, never converted,
 * because a provider changing units means the answer is not what it claims), `bad-timestamp`,
 * `not-midnight-utc`.
 *
 * @example
 * dayOfTimestamp('time', 1707523200, 'seconds'); // { day: '2024-02-10' }
 * dayOfTimestamp('time', 1707523200000, 'seconds').issue.reason; // 'wrong-time-unit'
 */
export function dayOfTimestamp(
  field: string,
  value: unknown,
  unit: 'seconds' | 'milliseconds',
): { day: IsoDay } | { issue: ProviderRowIssue } {
  if (typeof value === 'string') {
    return {
      issue: { reason: 'number-as-string', detail: `${field} ${showValue(value)} is a string, not a number` },
    };
  }
  if (typeof value !== 'number') {
    return { issue: { reason: 'wrong-type', detail: `${field} ${showValue(value)} is not a number` } };
  }
  const evident = timestampUnitOf(value);
  if (evident !== undefined && evident !== unit) {
    const instant = value * MS_PER_UNIT[evident];
    const shown = Math.abs(instant) <= MAX_MS ? ` (${new Date(instant).toISOString()})` : '';
    return {
      issue: {
        reason: 'wrong-time-unit',
        detail: `${field} ${value} is epoch ${evident}${shown}; expected epoch ${unit}, not converted`,
      },
    };
  }
  const ms = value * MS_PER_UNIT[unit];
  if (!Number.isInteger(value) || ms < 0 || ms > MAX_MS) {
    return {
      issue: {
        reason: 'bad-timestamp',
        detail: `${field} ${showValue(value)} is not an integer instant between 1970 and 9999 in ${unit}`,
      },
    };
  }
  if (ms % DAY_MS !== 0) {
    return {
      issue: {
        reason: 'not-midnight-utc',
        detail: `${field} ${value} (${new Date(ms).toISOString()}) is not 00:00:00 UTC`,
      },
    };
  }
  return { day: epochMsToDay(ms) };
}
