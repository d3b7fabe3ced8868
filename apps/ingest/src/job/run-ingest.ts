import { lastCompleteDay } from '@cf/ohlcv';
import { mapWithConcurrency, type Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import { InvalidIngestRequestError } from '../errors';
import { createProviderHttp } from '../http/provider-http';
import { realSleep, type Sleep } from '../http/sleep';
import { TokenBucket } from '../http/token-bucket';
import { createProvider } from '../providers/create-provider';
import { totalsOf, type IngestProgress, type IngestReport } from './ingest-report';
import { INGEST_SOURCES, resolveRange, type IngestRequest } from './ingest-request';
import { resolveSettings, type IngestSettingsInput } from './ingest-settings';
import { ingestSymbol } from './ingest-symbol';
import { planPages } from './page-plan';
import { mulberry32 } from '@cf/core';

/** What the ingest job needs; adapters build it, tests inject fakes for time and randomness. */
export interface IngestDeps {
  readonly store: ObjectStore;
  readonly fetch: typeof fetch;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Default: a real, abortable sleep. */
  readonly sleep?: Sleep;
  /**
   * Monotonic milliseconds that pace the requests (the rate limit's refill); default `performance.now()`.
   * Separate from `clock`, which may stand still (`CLOCK_NOW` replays): a bucket refilled by a frozen clock
   * would make the n-th request of a run wait n / rate seconds.
   */
  readonly pacingNow?: () => number;
  /** Uniform [0, 1) for retry jitter; default: seeded from the clock. */
  readonly random?: () => number;
  /** Endpoints, keys and pacing; default {@link DEFAULT_INGEST_SETTINGS}. */
  readonly settings?: IngestSettingsInput;
  readonly onProgress?: (progress: IngestProgress) => void;
}

/**
 * Collects candles for every requested symbol into `raw/` and reports what it did. `daily` asks for the last
 * `dailyLookbackDays` complete UTC days (one object at the last complete day); `backfill` pages through
 * `from..to` (one object per page at the page's last day). The current UTC day is never asked for.
 * Symbols run `concurrency` at a time; one failing does not stop the others, and makes the run `failed`.
 * Throws only for an invalid request (`InvalidIngestRequestError`).
 *
 * @example
 * const report = await runIngest({ store, fetch, clock: () => new Date(), logger }, {
 *   mode: 'backfill', source: 'csv', symbols: ['BTC', 'ETH'],
 * });
 */
export async function runIngest(deps: IngestDeps, request: IngestRequest): Promise<IngestReport> {
  const { store, clock, logger, signal } = { ...deps, signal: request.signal };
  const settings = resolveSettings(deps.settings);
  if (!INGEST_SOURCES.includes(request.source)) {
    throw new InvalidIngestRequestError(
      `source '${String(request.source)}' is not one of ${INGEST_SOURCES.join(', ')}`,
    );
  }
  const started = clock();
  const provider = createProvider(request.source, settings);
  const range = resolveRange(request, {
    lastCompleteDay: lastCompleteDay(started),
    lookbackDays: settings.dailyLookbackDays,
    requiresFrom: provider.requiresFrom,
  });
  const pages = planPages(range, provider.maxDaysPerRequest);
  const sleep = deps.sleep ?? realSleep;
  const http = createProviderHttp({
    fetch: deps.fetch,
    sleep,
    random: deps.random ?? mulberry32(started.getTime()),
    clock,
    logger,
    limiter: new TokenBucket({
      ratePerSecond: settings.requestsPerSecond,
      burst: settings.burst,
      now: deps.pacingNow ?? (() => performance.now()),
      sleep,
    }),
    timeoutMs: settings.timeoutMs,
    retry: settings.retry,
    maxBodyBytes: settings.maxRawObjectBytes,
    ...(signal === undefined ? {} : { signal }),
  });

  logger.info(
    {
      mode: request.mode,
      source: request.source,
      symbols: request.symbols,
      ...range,
      pages: pages.length,
      store: store.url,
    },
    'ingest run started',
  );
  const symbols = await mapWithConcurrency(request.symbols, settings.concurrency, (symbol) =>
    ingestSymbol(
      {
        store,
        provider,
        context: { http, logger, ...(signal === undefined ? {} : { signal }) },
        clock,
        logger,
        maxRawObjectBytes: settings.maxRawObjectBytes,
        ...(signal === undefined ? {} : { signal }),
        ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
      },
      symbol,
      pages,
    ),
  );
  const totals = totalsOf(symbols);
  const report: IngestReport = {
    mode: request.mode,
    source: request.source,
    ...(range.from === undefined ? {} : { from: range.from }),
    to: range.to,
    status: totals.failed > 0 ? 'failed' : 'succeeded',
    aborted: signal?.aborted ?? false,
    store: store.url,
    startedAt: started.toISOString(),
    finishedAt: clock().toISOString(),
    totals,
    symbols,
  };
  logger.info({ status: report.status, aborted: report.aborted, totals }, 'ingest run finished');
  return report;
}
