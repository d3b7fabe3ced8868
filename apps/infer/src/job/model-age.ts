import { daysBetween, utcDay } from '@cf/ohlcv';
import { ModelTooOldError } from '../errors';

/**
 * Throws `ModelTooOldError` when `maxAgeDays` is set and the model's training cut-off lies more than that many
 * days before the clock's UTC day (as FreqAI's model expiry: stale models do not publish silently).
 */
export function checkModelAge(
  model: { readonly version: string; readonly trainedThrough: string },
  now: Date,
  maxAgeDays: number | undefined,
): void {
  if (maxAgeDays === undefined) return;
  const today = utcDay(now);
  if (daysBetween(model.trainedThrough, today) > maxAgeDays) {
    throw new ModelTooOldError(model.version, model.trainedThrough, today, maxAgeDays);
  }
}
