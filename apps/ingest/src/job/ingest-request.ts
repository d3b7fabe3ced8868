import { addDays, isIsoDay, isValidSymbol, type IsoDay, type RawSource } from '@cf/ohlcv';
import { InvalidIngestRequestError } from '../errors';
import type { DayRange } from '../providers/candle-provider';

/** The run modes. */
export const INGEST_MODES = ['daily', 'backfill'] as const;
/** `daily`: the last few complete days; `backfill`: a range, paged. */
export type IngestMode = (typeof INGEST_MODES)[number];

/** The sources a run can read. */
export const INGEST_SOURCES: readonly RawSource[] = ['cryptocompare', 'binance', 'csv'];

/** What one run should collect. */
export interface IngestRequest {
  readonly mode: IngestMode;
  readonly source: RawSource;
  readonly symbols: readonly string[];
  /** Backfill only: first day (required except for CSV, which otherwise reads whole files). */
  readonly from?: IsoDay;
  /** Backfill only: last day, at most the last complete day (the default). */
  readonly to?: IsoDay;
  /** Aborting stops the run between requests (and cuts waits); finished pages stay written. */
  readonly signal?: AbortSignal;
}

/**
 * The days a request covers, checked against the last complete UTC day; throws
 * `InvalidIngestRequestError` listing every problem at once.
 */
export function resolveRange(
  request: IngestRequest,
  options: { lastCompleteDay: IsoDay; lookbackDays: number; requiresFrom: boolean },
): DayRange {
  const problems: string[] = [];
  if (!(INGEST_MODES as readonly string[]).includes(request.mode)) {
    problems.push(`mode '${String(request.mode)}' is not one of ${INGEST_MODES.join(', ')}`);
  }
  if (!INGEST_SOURCES.includes(request.source)) {
    problems.push(`source '${String(request.source)}' is not one of ${INGEST_SOURCES.join(', ')}`);
  }
  problems.push(...symbolProblems(request.symbols));
  for (const field of ['from', 'to'] as const) {
    const value = request[field];
    if (value !== undefined && !(typeof value === 'string' && isIsoDay(value))) {
      problems.push(`${field} '${String(value)}' is not a YYYY-MM-DD calendar day`);
    }
  }
  const last = options.lastCompleteDay;
  let range: DayRange = { to: last };
  if (request.mode === 'daily') {
    if (request.from !== undefined || request.to !== undefined) {
      problems.push(
        'daily mode takes no from/to: it covers the last complete days; use backfill for a range',
      );
    }
    range = { from: addDays(last, -(options.lookbackDays - 1)), to: last };
  } else if (request.mode === 'backfill') {
    const to = request.to ?? last;
    if (request.from === undefined && options.requiresFrom) {
      problems.push(`backfill from ${request.source} needs a first day (from)`);
    }
    if (request.to !== undefined && request.to > last) {
      problems.push(`to ${request.to} is not a complete UTC day yet; the last complete day is ${last}`);
    }
    if (request.from !== undefined && request.from > to) {
      problems.push(`from ${request.from} is after to ${to}`);
    }
    range = request.from === undefined ? { to } : { from: request.from, to };
  }
  if (problems.length > 0)
    throw new InvalidIngestRequestError(`invalid ingest request: ${problems.join('; ')}`);
  return range;
}

function symbolProblems(symbols: readonly string[] | undefined): string[] {
  if (!Array.isArray(symbols) || symbols.length === 0) return ['symbols must list at least one symbol'];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const symbol of symbols) {
    if (typeof symbol !== 'string' || !isValidSymbol(symbol)) {
      problems.push(`symbol '${String(symbol)}' is not valid: expected [A-Z0-9]{1,15}`);
    } else if (seen.has(symbol)) {
      problems.push(`symbol ${symbol} is listed twice`);
    }
    seen.add(symbol);
  }
  return problems;
}
