import { compareKeys } from '@cf/storage';
import type { Candle, IsoDay } from '@cf/ohlcv';
import { sameValues, type SourcedCandle, type ValidatedObject } from './validate-reading';

/**
 * The merge rule's total order: the candle from the most recently fetched object wins (`fetchedAt` as an
 * instant); at equal instants the larger raw key in byte order wins (for one source, the later `dt`). The
 * same key never competes with itself: a changed object rebuilds its symbol instead.
 */
export function compareSourced(
  a: Pick<SourcedCandle, 'rawKey' | 'fetchedAt'>,
  b: Pick<SourcedCandle, 'rawKey' | 'fetchedAt'>,
): number {
  return Date.parse(a.fetchedAt) - Date.parse(b.fetchedAt) || compareKeys(a.rawKey, b.rawKey);
}

/** A published day that changed value, with both values and where each came from. */
export interface DayRevision {
  readonly date: IsoDay;
  readonly old: Candle;
  readonly new: Candle;
  /** '' when the old value's origin is unknown (its provenance was unusable). */
  readonly oldRawKey: string;
  readonly newRawKey: string;
}

/** The outcome of merging one symbol's objects into its published days. */
export interface DayMerge {
  /** Every day after the merge with the candle that holds it, sorted by date. */
  readonly days: SourcedCandle[];
  /** Valid rows that set a day's value (a new day, or a different value than was published). */
  readonly accepted: number;
  /** Valid rows identical to the value their day ends with that changed nothing (incl. in-object repeats). */
  readonly duplicate: number;
  /** Valid rows that lost to a more recently fetched, different value. */
  readonly superseded: number;
  readonly added: IsoDay[];
  readonly revised: DayRevision[];
  readonly removed: Candle[];
}

/**
 * Merges validated objects of one symbol into `base` (the published days with their provenance, or nothing
 * for a rebuild) by the rule of {@link compareSourced}, and compares the result with `previous`, the days
 * published before this run, to count and report what changed. The result does not depend on the order of
 * `objects` nor on how they are split over runs.
 */
export function mergeDays(
  base: ReadonlyMap<IsoDay, SourcedCandle>,
  objects: readonly ValidatedObject[],
  previous: ReadonlyMap<IsoDay, { readonly candle: Candle; readonly rawKey: string }>,
): DayMerge {
  const winners = new Map(base);
  for (const object of objects) {
    for (const candidate of object.candles) {
      const current = winners.get(candidate.candle.date);
      if (current === undefined || compareSourced(candidate, current) > 0)
        winners.set(candidate.candle.date, candidate);
    }
  }

  let accepted = 0;
  let duplicate = 0;
  let superseded = 0;
  for (const object of objects) {
    duplicate += object.duplicates;
    for (const candidate of object.candles) {
      const date = candidate.candle.date;
      const winner = winners.get(date) as SourcedCandle;
      const before = previous.get(date);
      if (winner === candidate && (before === undefined || !sameValues(before.candle, candidate.candle)))
        accepted += 1;
      else if (sameValues(winner.candle, candidate.candle)) duplicate += 1;
      else superseded += 1;
    }
  }

  const added: IsoDay[] = [];
  const revised: DayRevision[] = [];
  const removed: Candle[] = [];
  for (const [date, winner] of winners) {
    const before = previous.get(date);
    if (before === undefined) added.push(date);
    else if (!sameValues(before.candle, winner.candle)) {
      revised.push({
        date,
        old: before.candle,
        new: winner.candle,
        oldRawKey: before.rawKey,
        newRawKey: winner.rawKey,
      });
    }
  }
  for (const [date, before] of previous) if (!winners.has(date)) removed.push(before.candle);

  const byDate = (a: { date: IsoDay }, b: { date: IsoDay }): number =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
  const days = [...winners.values()].sort((a, b) => byDate(a.candle, b.candle));
  return {
    days,
    accepted,
    duplicate,
    superseded,
    added: added.sort(),
    revised: revised.sort(byDate),
    removed: removed.sort(byDate),
  };
}
