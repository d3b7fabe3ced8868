import {
  checkCandleFields,
  isRequestedDay,
  requestedDays,
  type Candle,
  type IsoDay,
  type ProviderRows,
  type RawSource,
  type RequestedDays,
} from '@cf/ohlcv';
import { BadResponseError } from '../errors';
import type { DayClose, DayRange, PageRowsSummary, ProviderResponse } from './candle-provider';
import { sha256Hex } from './sha256-hex';

/** The rows of a page: candidate candles and rows that are not candles, wherever they were read from. */
export interface PageRows {
  readonly rows: readonly { readonly candle: Candle; readonly at: string }[];
  readonly problems: readonly {
    readonly at: string;
    readonly reasons: readonly string[];
    readonly detail: string;
  }[];
}

/** A provider page's valid candles in the requested days, and its malformed rows. */
export interface PageCandles {
  /** Valid candles of the page's days, one per day (the first valid row), sorted. */
  readonly candles: DayClose[];
  readonly malformed: PageRowsSummary;
}

/** The rows of an accepted provider body (`ProviderRows` with `ok: true`). */
export function rowsOf(page: ProviderRows): PageRows {
  return page.ok ? page : { rows: [], problems: [] };
}

/**
 * Sorts a page's rows into the valid candles of the page's days and the rows preprocess will quarantine, so
 * that the coverage and the continuity check rest on the good rows only. A row is malformed when it is not a
 * candle (a field of the wrong type or unit, a short kline), when its values are invalid (`checkCandleFields`
 * of `@cf/ohlcv`: not finite, not positive, out of OHLC order), or when it is for a day the request did not
 * ask for. Not malformed: CryptoCompare's zero padding before an asset existed, and rows the provider's own
 * request semantics add before the page (its `limit + 1`-th row).
 */
export function pageCandles(page: PageRows, requested: RequestedDays, range: DayRange): PageCandles {
  const byDay = new Map<string, DayClose>();
  const issues: { at: string; detail: string }[] = [];
  for (const problem of page.problems) {
    if (!problem.reasons.includes('pre-listing-zeros')) issues.push(problem);
  }
  for (const { candle, at } of page.rows) {
    const problems = checkCandleFields(candle);
    if (problems.length > 0) {
      issues.push({ at, detail: problems.map((p) => p.detail).join('; ') });
    } else if (!isRequestedDay(candle.date, requested)) {
      const days = `${requested.from ?? 'the first day'}..${requested.to}`;
      issues.push({ at, detail: `${candle.date} is outside the requested days ${days}` });
    } else if ((range.from === undefined || candle.date >= range.from) && candle.date <= range.to) {
      if (!byDay.has(candle.date)) byDay.set(candle.date, { day: candle.date, close: candle.close });
    }
  }
  const candles = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (issues.length === 0) return { candles, malformed: { count: 0 } };
  const first = issues.reduce((a, b) => (positionOf(b.at) < positionOf(a.at) ? b : a));
  return { candles, malformed: { count: issues.length, first: `${first.at}: ${first.detail}` } };
}

/**
 * The page's valid candles, or an error (`BadResponseError` unless `fail` makes another) when it has rows but
 * not one usable candle of the page's days and some were malformed (every timestamp in milliseconds, every
 * price a string): such a page is not "nothing new", it is an answer ingest cannot use, and the error says
 * why with its first malformed row.
 */
export function requireUsableCandles(
  read: PageCandles,
  label: string,
  fail: (message: string) => Error = (message) => new BadResponseError(message),
): PageCandles {
  if (read.candles.length > 0 || read.malformed.count === 0) return read;
  throw fail(
    `${label} has ${read.malformed.count} malformed row(s) and no usable candle; nothing stored. ` +
      `First: ${read.malformed.first}`,
  );
}

/** The row number in `Data.Data[3]`, `[3]`, `line 3`, `row 3`. */
function positionOf(at: string): number {
  const match = /\d+/.exec(at);
  return match === null ? Number.POSITIVE_INFINITY : Number(match[0]);
}

/** The closes of a stored page's valid candles, to compare a new response with (all days). */
export function validCloses(page: PageRows): DayClose[] {
  return page.rows
    .filter(({ candle }) => checkCandleFields(candle).length === 0)
    .map(({ candle }) => ({ day: candle.date, close: candle.close }));
}

/** A JSON provider's answer as its `interpret` accepted it: the rows, the text and the bytes received. */
export interface JsonPage {
  readonly page: ProviderRows;
  readonly text: string;
  readonly bytes: Buffer;
}

/**
 * The response of a JSON provider's page for the days `from..to`: the text as received, its sha256, and the
 * valid candles of those days (or the error of {@link requireUsableCandles}).
 */
export function jsonPageResponse(
  source: RawSource,
  request: Readonly<Record<string, string | number>>,
  days: { readonly from: IsoDay; readonly to: IsoDay },
  answer: JsonPage,
  label: string,
): ProviderResponse {
  const requested = requestedDays({ source, request, coverage: days });
  const read = requireUsableCandles(pageCandles(rowsOf(answer.page), requested, days), label);
  return {
    request,
    contentType: 'application/json',
    bodySha256: sha256Hex(answer.bytes),
    body: answer.text,
    candles: read.candles,
    malformed: read.malformed,
  };
}
