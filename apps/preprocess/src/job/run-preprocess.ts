import { DEFAULT_MAX_RAW_OBJECT_BYTES, utcDay, type DatasetEntry, type IsoDay } from '@cf/ohlcv';
import { mapWithConcurrency, type Logger } from '@cf/service';
import {
  assertValidKey,
  compareKeys,
  listAll,
  rawPrefix,
  withLease,
  type HeldLease,
  type ObjectStore,
} from '@cf/storage';
import { CorruptStateError, InvalidRunRequestError } from '../errors';
import { listDatasetSymbols } from './dataset-symbols';
import { buildManifest, loadManifest, saveManifest } from './manifest';
import { planSymbolWork } from './plan-symbol-work';
import type { PreprocessReport, SymbolReport } from './preprocess-report';
import { processSymbol, type SymbolRunContext } from './process-symbol';
import { listedAsIndexed, loadRawIndex, saveRawIndex, type RawIndexEntry } from './raw-index';
import { symbolOfRawKey } from '../parsers/raw-key';

/** What the preprocess job needs. */
export interface PreprocessDeps {
  readonly store: ObjectStore;
  /** The run's clock: gives the quarantine day and the first UTC day refused as incomplete. */
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Raw objects larger than this are quarantined whole without being read; default 50 MiB (shared with ingest). */
  readonly maxRawBytes?: number;
  /** Raw objects of one symbol read at once; default 8. */
  readonly readConcurrency?: number;
  /** Symbols processed at once; default 1. Memory grows with it, not with the number of symbols. */
  readonly symbolConcurrency?: number;
}

/** One run's request. */
export interface PreprocessRequest {
  /** Rebuild every dataset from all of raw/ (byte-identical to the incremental result). */
  readonly full?: boolean;
  /** Raw keys to process at least (from S3 events): read even when the listing says they are unchanged. */
  readonly rawKeys?: readonly string[];
}

function checkRawKeys(keys: readonly string[]): Set<string> {
  for (const key of keys) {
    if (typeof key !== 'string' || !key.startsWith(rawPrefix())) {
      throw new InvalidRunRequestError(`raw key ${JSON.stringify(key)} is not under ${rawPrefix()}`);
    }
    try {
      assertValidKey(key);
    } catch (error) {
      throw new InvalidRunRequestError(
        `raw key ${JSON.stringify(key)} is not a valid key: ${(error as Error).message}`,
      );
    }
  }
  return new Set(keys);
}

/**
 * The lease a run holds from its first read to its manifest (the `_` keeps it out of Athena/Glue tables), so
 * two runs at once (overlapping S3 events, a manual run during the scheduled one) run one after the other.
 */
export const PREPROCESS_LEASE_KEY = 'processed/daily/_lease.json';

/**
 * Turns raw/ into clean datasets (see the README for every rule). Incremental by default: reads only raw
 * objects that are new or changed since the last run, merges their candles into the published days by the
 * merge rule, and rebuilds a symbol from all of its raw objects when one it consumed changed or vanished.
 * `full` rebuilds everything, with byte-identical datasets. Quarantines bad rows under the run's day, writes
 * each object only when its bytes change, and writes the manifest last.
 *
 * Symbols are processed one at a time (or `symbolConcurrency` at once), so memory depends on the largest
 * symbol, not on how many there are. Nothing under raw/ stops the run: a key that is not a valid store key is
 * quarantined unread, and a symbol whose object the store fails to return is left as published and retried
 * next run while every other symbol publishes.
 *
 * The whole run holds `PREPROCESS_LEASE_KEY` (`withLease`): a second run waits for the first and then works on
 * what it left, so two runs at once leave the store as one after the other would. The lease is confirmed
 * before the raw index and the manifest are written.
 */
export async function runPreprocess(
  deps: PreprocessDeps,
  request: PreprocessRequest = {},
): Promise<PreprocessReport> {
  const forced = checkRawKeys(request.rawKeys ?? []);
  return withLease(
    deps.store,
    PREPROCESS_LEASE_KEY,
    `preprocess (pid ${process.pid}, ${request.full === true ? 'full' : 'incremental'})`,
    (lease) => runUnderLease(deps, request, forced, lease),
    {
      onTakeover: (abandoned) =>
        deps.logger.warn({ abandoned }, 'took over the lease of a preprocess run that died'),
    },
  );
}

async function runUnderLease(
  deps: PreprocessDeps,
  request: PreprocessRequest,
  forced: ReadonlySet<string>,
  lease: HeldLease,
): Promise<PreprocessReport> {
  const { store, logger } = deps;
  const full = request.full === true;
  const today: IsoDay = utcDay(deps.clock());

  const previousIndex = await loadIndexFor(deps, full);
  const previousManifest = full ? undefined : await loadManifest(store);
  const listing = await listAll(store, rawPrefix());
  const listed = new Set(listing.map((info) => info.key));
  for (const key of forced)
    if (!listed.has(key)) logger.warn({ rawKey: key }, 'requested raw object is not in raw/');

  const index: Record<string, RawIndexEntry> = { ...previousIndex };
  const gone = Object.keys(previousIndex).filter((key) => !listed.has(key));
  const rebuild = new Set<string>();
  for (const key of gone) {
    delete index[key];
    const symbol = symbolOfRawKey(key);
    if (symbol !== undefined) rebuild.add(symbol);
    logger.warn({ rawKey: key }, 'raw object processed earlier is gone; its symbol is rebuilt without it');
  }
  const work = planSymbolWork(listing, {
    toRead: (info) => full || forced.has(info.key) || !listedAsIndexed(info, previousIndex[info.key]),
    rebuild,
    datasets: new Set(await listDatasetSymbols(store)),
  });

  const context: SymbolRunContext = {
    store,
    logger,
    today,
    full,
    previousIndex,
    previousManifest,
    read: {
      maxBytes: deps.maxRawBytes ?? DEFAULT_MAX_RAW_OBJECT_BYTES,
      concurrency: deps.readConcurrency ?? 8,
    },
  };
  const results = await mapWithConcurrency(work, deps.symbolConcurrency ?? 1, (item) =>
    processSymbol(context, item),
  );

  const entries: Record<string, DatasetEntry> = {};
  const reports: SymbolReport[] = [];
  const raw = { listed: listing.length, read: 0, unchanged: 0, gone: gone.length, quarantinedWhole: 0 };
  let unreadable = 0;
  let unattributedQuarantined = 0;
  const skipped = new Set<string | undefined>();
  for (const result of results) {
    if (result.skipped) skipped.add(result.symbol);
    Object.assign(index, result.index);
    if (result.entry !== undefined) entries[result.entry.symbol] = result.entry;
    if (result.report !== undefined) reports.push(result.report);
    raw.read += result.read;
    raw.unchanged += result.unchanged;
    raw.quarantinedWhole += result.quarantine.whole;
    unreadable += result.unreadable.length;
    unattributedQuarantined += result.quarantine.unattributed;
  }

  // A skipped symbol was not rebuilt: its vanished objects stay indexed, so the next run still rebuilds it.
  for (const key of gone) if (skipped.has(symbolOfRawKey(key))) index[key] = previousIndex[key];

  await lease.confirm();
  await saveRawIndex(store, index);
  const manifest = await saveManifest(store, buildManifest(entries, index));
  const report: PreprocessReport = {
    mode: full ? 'full' : 'incremental',
    today,
    raw: { ...raw, unreadable },
    symbols: reports.sort((a, b) => compareKeys(a.symbol, b.symbol)),
    unattributedQuarantined,
    manifest,
  };
  logger.info({ mode: report.mode, raw: report.raw, manifest }, 'preprocess run finished');
  return report;
}

async function loadIndexFor(deps: PreprocessDeps, full: boolean): Promise<Record<string, RawIndexEntry>> {
  try {
    return await loadRawIndex(deps.store);
  } catch (error) {
    if (!full || !(error instanceof CorruptStateError)) throw error;
    deps.logger.warn(
      { reason: error.message },
      'raw index is unreadable; the full rebuild starts without it',
    );
    return {};
  }
}
