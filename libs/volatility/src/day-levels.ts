import { VolatilityError } from './errors';

/**
 * Quantile levels for a forecast of several days: one set for every day, or one set per day (`levels[h - 1]`
 * for day h), as calibrated ranges read each day at its own levels.
 */
export type DayLevels = readonly number[] | readonly (readonly number[])[];

/** The levels of day `h` (1-based) of a `horizon`-day forecast; per-day levels must cover every day. */
export function levelsOfDay(levels: DayLevels, h: number, horizon: number): readonly number[] {
  if (!isPerDay(levels)) return levels;
  if (levels.length !== horizon) {
    throw new VolatilityError(
      'VOLATILITY_INVALID_OPTION',
      `per-day levels cover ${levels.length} days, the forecast ${horizon}`,
    );
  }
  return levels[h - 1];
}

function isPerDay(levels: DayLevels): levels is readonly (readonly number[])[] {
  return levels.length > 0 && Array.isArray(levels[0]);
}
