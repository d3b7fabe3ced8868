import { requestedDays, isRequestedDay, type RawEnvelope } from '@cf/ohlcv';
import type { ParsedRaw } from './raw-problem';

/**
 * Moves the candidate candles for days the envelope's request did not ask for (`requestedDays` of
 * `@cf/ohlcv`) to the problems as `outside-requested-range`: a provider that sends them answered another
 * question, so they are not published.
 */
export function quarantineOutsideRequest(
  parsed: ParsedRaw,
  envelope: RawEnvelope,
  rawKey: string,
): ParsedRaw {
  const range = requestedDays(envelope);
  const inside = parsed.candles.filter((c) => isRequestedDay(c.candle.date, range));
  if (inside.length === parsed.candles.length) return parsed;
  const days = `${range.from ?? 'the first day'}..${range.to}`;
  const outside = parsed.candles
    .filter((c) => !isRequestedDay(c.candle.date, range))
    .map((c) => ({
      rawKey,
      at: c.at,
      row: c.row,
      reasons: ['outside-requested-range' as const],
      detail: `${c.candle.date} is outside the requested days ${days} (${range.basis})`,
    }));
  return { candles: inside, problems: [...parsed.problems, ...outside] };
}
