import type { IsoDay } from './candle';
import { addDays, epochMsToDay, isIsoDay } from './days';
import type { RawEnvelope } from './raw-envelope';

/** The days a response was asked for, inclusive (`from` open for a CSV import of a whole file). */
export interface RequestedDays {
  readonly from?: IsoDay;
  readonly to: IsoDay;
  /** What the range was read from, for messages: `toTs=1707695999, limit=2`, `coverage`. */
  readonly basis: string;
}

const MAX_MS = 253_402_214_400_000;

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function dayOfMs(ms: number | undefined): IsoDay | undefined {
  return ms === undefined || ms > MAX_MS ? undefined : epochMsToDay(ms);
}

/**
 * The days a raw envelope's `request` asked its provider for, in the provider's own terms:
 * - cryptocompare `{ toTs, limit }`: the `limit + 1` days ending on `toTs`'s day (CryptoCompare answers one
 *   row more than `limit`);
 * - binance `{ startTime, endTime }` (ms): the days from the open of the first to that of the last;
 * - csv `{ from?, to }`.
 * When the request does not say (objects written by other tools), the envelope's `coverage`. Rows outside
 * these days were not asked for: a provider sending them answered another question.
 *
 * @example
 * requestedDays({ source: 'cryptocompare', request: { toTs: 1707695999, limit: 2 }, coverage });
 * // { from: '2024-02-09', to: '2024-02-11', basis: 'toTs=1707695999, limit=2' }
 */
export function requestedDays(envelope: Pick<RawEnvelope, 'source' | 'request' | 'coverage'>): RequestedDays {
  const request = envelope.request as Readonly<Record<string, unknown>>;
  if (envelope.source === 'cryptocompare') {
    const toTs = integer(request['toTs']);
    const limit = integer(request['limit']);
    const to = dayOfMs(toTs === undefined ? undefined : toTs * 1000);
    if (to !== undefined && limit !== undefined && limit <= 100_000) {
      return { from: addDays(to, -limit), to, basis: `toTs=${toTs}, limit=${limit}` };
    }
  } else if (envelope.source === 'binance') {
    const from = dayOfMs(integer(request['startTime']));
    const to = dayOfMs(integer(request['endTime']));
    if (from !== undefined && to !== undefined && from <= to) {
      return { from, to, basis: `startTime=${request['startTime']}, endTime=${request['endTime']}` };
    }
  } else {
    const from = request['from'];
    const to = request['to'];
    if (typeof to === 'string' && isIsoDay(to)) {
      if (from === undefined) return { to, basis: `to=${to}` };
      if (typeof from === 'string' && isIsoDay(from) && from <= to) {
        return { from, to, basis: `from=${from}, to=${to}` };
      }
    }
  }
  return { from: envelope.coverage.from, to: envelope.coverage.to, basis: 'coverage' };
}

/** True when `day` lies in `range`. */
export function isRequestedDay(day: IsoDay, range: RequestedDays): boolean {
  return (range.from === undefined || day >= range.from) && day <= range.to;
}
