import { RAW_ENVELOPE_VERSION, rawObjectSizeProblem, type IsoDay, type RawEnvelope } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import { rawCandlesKey, stableJson, type ObjectStore } from '@cf/storage';
import { errorMessage, IngestAbortedError, RawObjectTooLargeError } from '../errors';
import type {
  CandleProvider,
  DayRange,
  ProviderContext,
  ProviderResponse,
} from '../providers/candle-provider';
import { checkContinuity, type HistoryReference } from './check-continuity';
import type { IngestProgress, ObjectReport, SymbolReport } from './ingest-report';
import { decodeStoredBody, listStoredDays, readStoredRaw, storeRawObject } from './raw-objects';

/** What {@link ingestSymbol} works with; shared by every symbol of a run. */
export interface SymbolJob {
  readonly store: ObjectStore;
  readonly provider: CandleProvider;
  readonly context: ProviderContext;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Largest raw object written: the limit preprocess reads (`RAW_MAX_OBJECT_BYTES`). */
  readonly maxRawObjectBytes: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: IngestProgress) => void;
}

/**
 * Fetches and stores the pages of one symbol, each page written before the next is asked for. Never throws:
 * a failure ends this symbol only and is returned in its report (pages already written stay written).
 */
export async function ingestSymbol(
  job: SymbolJob,
  symbol: string,
  pages: readonly DayRange[],
): Promise<SymbolReport> {
  const { provider, logger } = job;
  const ordered = provider.pageOrder === 'backward' ? [...pages].reverse() : [...pages];
  const objects: ObjectReport[] = [];
  const counts = { fetched: 0, empty: 0, skipped: 0 };
  const progress = (extra: Partial<IngestProgress>): void =>
    job.onProgress?.({ symbol, pagesPlanned: ordered.length, pagesDone: counts.fetched, ...extra });
  let storedDays: IsoDay[] | undefined;

  try {
    for (let index = 0; index < ordered.length; index++) {
      if (job.signal?.aborted)
        throw new IngestAbortedError(`run aborted before page ${index + 1} of ${symbol}`);
      const page = ordered[index];
      const response = await provider.fetchPage(symbol, page, job.context);
      counts.fetched++;
      if (response.candles.length === 0) {
        counts.empty++;
        logger.info(
          { symbol, source: provider.name, page },
          'the provider has no candles for these days; nothing written',
        );
        progress({ last: { outcome: 'empty', ...page } });
        if (provider.pageOrder === 'backward') {
          // Paging back in time: an empty page means the asset did not exist yet, so older pages are empty too.
          counts.skipped = ordered.length - index - 1;
          break;
        }
        continue;
      }
      storedDays ??= await listStoredDays(job.store, provider.name, symbol);
      const object = await storePage(job, symbol, response, storedDays);
      objects.push(object);
      if (!storedDays.includes(object.to)) storedDays.push(object.to);
      progress({ last: { outcome: object.outcome, from: object.from, to: object.to } });
    }
    progress({ finished: 'succeeded' });
    return report(symbol, 'succeeded', ordered.length, counts, objects);
  } catch (error) {
    const code =
      typeof (error as { code?: unknown }).code === 'string'
        ? (error as { code: string }).code
        : 'INGEST_INTERNAL';
    const kind =
      typeof (error as { kind?: unknown }).kind === 'string' ? (error as { kind: string }).kind : 'internal';
    const message = errorMessage(error);
    logger.error(
      { symbol, source: provider.name, code, kind, reason: message },
      'symbol failed; the other symbols go on',
    );
    progress({ finished: 'failed' });
    return { ...report(symbol, 'failed', ordered.length, counts, objects), error: { code, kind, message } };
  }
}

async function storePage(
  job: SymbolJob,
  symbol: string,
  response: ProviderResponse,
  storedDays: readonly IsoDay[],
): Promise<ObjectReport> {
  const { provider, store } = job;
  const candles = response.candles;
  const coverage = { from: candles[0].day, to: candles[candles.length - 1].day };
  const key = rawCandlesKey(provider.name, symbol, coverage.to);
  const stored = await readStoredRaw(store, key);

  const references: HistoryReference[] = [];
  const closesOf = (envelope: RawEnvelope) => provider.closesOf(decodeStoredBody(envelope), symbol);
  if (stored.state === 'envelope') references.push({ key, closes: closesOf(stored.envelope) });
  const earlier = [...storedDays].reverse().find((day) => day >= coverage.from && day < coverage.to);
  if (earlier !== undefined) {
    const earlierKey = rawCandlesKey(provider.name, symbol, earlier);
    const previous = await readStoredRaw(store, earlierKey);
    if (previous.state === 'envelope') {
      references.push({ key: earlierKey, closes: closesOf(previous.envelope) });
    }
  }
  checkContinuity(
    symbol,
    `${provider.name} response for ${coverage.from}..${coverage.to}`,
    candles,
    references,
  );

  const envelope: RawEnvelope = {
    schemaVersion: RAW_ENVELOPE_VERSION,
    source: provider.name,
    symbol,
    request: response.request,
    fetchedAt: job.clock().toISOString(),
    coverage,
    contentType: response.contentType,
    bodySha256: response.bodySha256,
    body: response.body,
  };
  const text = stableJson(envelope);
  const tooLarge = rawObjectSizeProblem(Buffer.byteLength(text), job.maxRawObjectBytes);
  if (tooLarge !== undefined) {
    throw new RawObjectTooLargeError(
      `${provider.name} response for ${symbol} ${coverage.from}..${coverage.to}: the ${tooLarge}, which ` +
        `preprocess would not read; nothing written: ask for fewer days per page (--from/--to)`,
    );
  }
  const outcome = await storeRawObject(store, key, envelope, text, stored, job.logger);
  const malformed = response.malformed;
  job.logger.info(
    { symbol, key, outcome, from: coverage.from, to: coverage.to, candles: candles.length },
    'raw object',
  );
  if (malformed.count > 0) {
    job.logger.warn(
      { symbol, key, malformedRows: malformed.count, first: malformed.first },
      'page stored as received with malformed rows; preprocess quarantines them',
    );
  }
  return { key, outcome, ...coverage, candles: candles.length, malformedRows: malformed.count };
}

function report(
  symbol: string,
  status: SymbolReport['status'],
  pagesPlanned: number,
  counts: { fetched: number; empty: number; skipped: number },
  objects: readonly ObjectReport[],
): SymbolReport {
  const count = (outcome: ObjectReport['outcome']): number =>
    objects.filter((o) => o.outcome === outcome).length;
  const days = objects.flatMap((o) => [o.from, o.to]).sort();
  return {
    symbol,
    status,
    pagesPlanned,
    pagesFetched: counts.fetched,
    pagesSkipped: counts.skipped,
    written: count('written'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    empty: counts.empty,
    candles: objects.reduce((sum, o) => sum + o.candles, 0),
    malformedRows: objects.reduce((sum, o) => sum + o.malformedRows, 0),
    ...(days.length > 0 ? { firstDay: days[0], lastDay: days[days.length - 1] } : {}),
    objects,
  };
}
