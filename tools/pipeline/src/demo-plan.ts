import { addDays } from '@cf/ohlcv';

/** The replay `npm start` runs over the bundled data: history up to `cutoff`, then one day at a time. */
export interface DemoPlan {
  /** Last day of the bundled data. */
  readonly lastDay: string;
  /** Last day the first model may see; the days after it are replayed as if they were arriving. */
  readonly cutoff: string;
  readonly replayDays: readonly string[];
}

/** The days held back from training and replayed one by one so monitoring has actuals to score. */
export function planDemo(lastDay: string, replayDayCount: number): DemoPlan {
  if (!Number.isInteger(replayDayCount) || replayDayCount < 1) {
    throw new Error(`replay day count must be a positive integer, got ${replayDayCount}`);
  }
  const cutoff = addDays(lastDay, -replayDayCount);
  const replayDays = Array.from({ length: replayDayCount }, (_, i) => addDays(cutoff, i + 1));
  return { lastDay, cutoff, replayDays };
}

/** The instant a scheduled run for `day` happens: shortly after that UTC day closed. */
export function runInstantAfter(day: string, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${addDays(day, 1)}T${hh}:${mm}:00.000Z`;
}
