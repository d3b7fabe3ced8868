import { epochMsToDay, type IsoDay } from '@cf/ohlcv';
import { show, type FieldIssue } from './raw-problem';

const DAY_MS = 86_400_000;
// 9999-12-31T00:00:00Z: later instants have no YYYY-MM-DD day.
const MAX_MS = 253_402_214_400_000;

/**
 * The UTC day a provider timestamp opens, when it is an integer instant at exactly 00:00:00 UTC between 1970
 * and 9999; otherwise the issue (`wrong-type`, `number-as-string`, `bad-timestamp`, `not-midnight-utc`).
 */
export function dayOfTimestamp(
  field: string,
  value: unknown,
  unit: 'seconds' | 'milliseconds',
): { day: IsoDay } | { issue: FieldIssue } {
  if (typeof value === 'string') {
    return {
      issue: { reason: 'number-as-string', detail: `${field} ${show(value)} is a string, not a number` },
    };
  }
  if (typeof value !== 'number') {
    return { issue: { reason: 'wrong-type', detail: `${field} ${show(value)} is not a number` } };
  }
  const ms = unit === 'seconds' ? value * 1000 : value;
  if (!Number.isInteger(value) || ms < 0 || ms > MAX_MS) {
    return {
      issue: {
        reason: 'bad-timestamp',
        detail: `${field} ${show(value)} is not an instant between 1970 and 9999 in ${unit}`,
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
