import { utcDay, validateCandles, type Candle, type IsoDay } from '@cf/ohlcv';
import type { RawObjectReading } from '../parsers/read-raw-object';
import type { ParsedCandle, RawProblem } from '../parsers/raw-problem';

/** A valid candle of one raw object with the object it came from, ready to compete for its day. */
export interface SourcedCandle {
  readonly candle: Candle;
  readonly rawKey: string;
  readonly fetchedAt: string;
}

/** One raw object after validation: its valid candles (one per day), identical repeats, and every problem. */
export interface ValidatedObject {
  readonly rawKey: string;
  /** The symbol its candles belong to; `undefined` when the object yields no candles. */
  readonly symbol: string | undefined;
  readonly candles: SourcedCandle[];
  /** Rows repeating a day of the same object with identical values: counted, not quarantined. */
  readonly duplicates: number;
  readonly problems: RawProblem[];
}

/** True when two candles carry the same prices and volume. */
export function sameValues(a: Candle, b: Candle): boolean {
  return (
    a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume
  );
}

/**
 * The day from which candles of an object are refused as `future-day`: the run's current UTC day, or the day
 * the object was fetched on if earlier (a bar for the fetch day, or later, was incomplete when fetched). Both
 * are inputs, so a rebuild on a later day judges the object exactly as the first run did.
 */
export function validationToday(runToday: IsoDay, fetchedAt: string): IsoDay {
  const fetchedDay = utcDay(new Date(Date.parse(fetchedAt)));
  return fetchedDay < runToday ? fetchedDay : runToday;
}

/**
 * Validates one object's candidate candles with `validateCandles`. A day the object holds twice with identical
 * values is kept once (the repeat counted as a duplicate); with different values the object contradicts
 * itself, so every row of that day is quarantined as `conflicting-day`.
 */
export function validateReading(reading: RawObjectReading, runToday: IsoDay): ValidatedObject {
  const { rawKey, envelope, parsed } = reading;
  const problems: RawProblem[] = [...parsed.problems];
  if (envelope === undefined || parsed.candles.length === 0) {
    return { rawKey, symbol: undefined, candles: [], duplicates: 0, problems };
  }
  const today = validationToday(runToday, envelope.fetchedAt);
  const byCandle = new Map<Candle, ParsedCandle>(parsed.candles.map((p) => [p.candle, p]));
  const { accepted, rejected } = validateCandles(
    parsed.candles.map((p) => p.candle),
    { today },
  );
  const acceptedByDay = new Map<IsoDay, Candle>(accepted.map((c) => [c.date, c]));
  const conflicts = new Map<IsoDay, string[]>();
  let duplicates = 0;
  for (const { candle, problems: found } of rejected) {
    const source = byCandle.get(candle) as ParsedCandle;
    const first = acceptedByDay.get(candle.date);
    if (found.length === 1 && found[0].reason === 'duplicate-day' && first !== undefined) {
      if (sameValues(candle, first)) duplicates += 1;
      else {
        conflicts.set(candle.date, [...(conflicts.get(candle.date) ?? []), found[0].detail]);
        problems.push({
          rawKey,
          at: source.at,
          row: source.row,
          reasons: ['conflicting-day'],
          detail: found[0].detail,
        });
      }
      continue;
    }
    problems.push({
      rawKey,
      at: source.at,
      row: source.row,
      reasons: [...new Set(found.map((p) => p.reason))],
      detail: found.map((p) => p.detail).join('; '),
    });
  }
  const candles: SourcedCandle[] = [];
  for (const candle of accepted) {
    const details = conflicts.get(candle.date);
    if (details === undefined) {
      candles.push({ candle, rawKey, fetchedAt: envelope.fetchedAt });
      continue;
    }
    const source = byCandle.get(candle) as ParsedCandle;
    problems.push({
      rawKey,
      at: source.at,
      row: source.row,
      reasons: ['conflicting-day'],
      detail: `${candle.symbol} ${candle.date} appears again in this object with other values (${details.join(' | ')})`,
    });
  }
  return { rawKey, symbol: envelope.symbol, candles, duplicates, problems };
}
