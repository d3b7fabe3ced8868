import { utcDay, type DatasetEntry, type IsoDay } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import { assertValidKey, listAll, rawPrefix, type ObjectStore } from '@cf/storage';
import { CorruptStateError, InvalidRunRequestError } from '../errors';
import { DEFAULT_MAX_RAW_BYTES } from '../parsers/read-raw-object';
import { buildManifest, loadManifest, saveManifest } from './manifest';
import type { PreprocessReport, SymbolReport } from './preprocess-report';
import { publishSymbolRun } from './publish-symbol-run';
import { loadPublishedSymbol } from './published-symbol';
import { addToQuarantine, toQuarantineEntry } from './quarantine';
import { indexEntryOf, listedAsIndexed, loadRawIndex, saveRawIndex, type RawIndexEntry } from './raw-index';
import { datasetSymbolOfKey, readListed, type ListedReading } from './read-listed';
import { listDatasetSymbols } from './dataset-symbols';
import { validateReading, type ValidatedObject } from './validate-reading';

/** What the preprocess job needs. */
export interface PreprocessDeps {
  readonly store: ObjectStore;
  /** The run's clock: gives the quarantine day and the first UTC day refused as incomplete. */
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Raw objects larger than this are quarantined whole without being read; default 50 MiB. */
  readonly maxRawBytes?: number;
  /** Raw objects read at once; default 8. */
  readonly readConcurrency?: number;
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

/** A symbol's report line, in the field order of `SymbolReport`, zero where the run did nothing. */
function symbolReport(symbol: string, fields: Partial<SymbolReport>): SymbolReport {
  return {
    symbol,
    rawObjects: fields.rawObjects ?? 0,
    accepted: fields.accepted ?? 0,
    duplicate: fields.duplicate ?? 0,
    superseded: fields.superseded ?? 0,
    quarantined: fields.quarantined ?? 0,
    added: fields.added ?? 0,
    updated: fields.updated ?? 0,
    removed: fields.removed ?? 0,
    rows: fields.rows ?? 0,
    rebuilt: fields.rebuilt ?? false,
    dataset: fields.dataset ?? 'none',
  };
}

/**
 * Turns raw/ into clean datasets (see the README for every rule). Incremental by default: reads only raw
 * objects that are new or changed since the last run, merges their candles into the published days by the
 * merge rule, and rebuilds a symbol from all of its raw objects when one it consumed changed or vanished.
 * `full` rebuilds everything, with byte-identical datasets. Quarantines bad rows under the run's day, writes
 * each object only when its bytes change, and writes the manifest last.
 */
export async function runPreprocess(
  deps: PreprocessDeps,
  request: PreprocessRequest = {},
): Promise<PreprocessReport> {
  const { store, logger } = deps;
  const full = request.full === true;
  const forced = checkRawKeys(request.rawKeys ?? []);
  const today: IsoDay = utcDay(deps.clock());
  const options = {
    maxBytes: deps.maxRawBytes ?? DEFAULT_MAX_RAW_BYTES,
    concurrency: deps.readConcurrency ?? 8,
  };

  const previousIndex = await loadIndexFor(deps, full);
  const previousManifest = full ? undefined : await loadManifest(store);
  const listing = await listAll(store, rawPrefix());
  const listed = new Map(listing.map((info) => [info.key, info]));
  for (const key of forced)
    if (!listed.has(key)) logger.warn({ rawKey: key }, 'requested raw object is not in raw/');

  const index: Record<string, RawIndexEntry> = { ...previousIndex };
  const rebuild = new Set<string>();
  const gone = Object.keys(previousIndex).filter((key) => !listed.has(key));
  for (const key of gone) {
    delete index[key];
    const symbol = datasetSymbolOfKey(key);
    if (symbol !== undefined) rebuild.add(symbol);
    logger.warn({ rawKey: key }, 'raw object processed earlier is gone; its symbol is rebuilt without it');
  }

  const toRead = listing.filter(
    (info) => full || forced.has(info.key) || !listedAsIndexed(info, previousIndex[info.key]),
  );
  const fresh: ListedReading[] = [];
  let unchanged = 0;
  for (const item of await readListed(store, toRead, options)) {
    const before = previousIndex[item.info.key];
    index[item.info.key] = indexEntryOf(item.info, item.reading);
    if (before !== undefined && before.version === item.reading.version) {
      unchanged += 1;
      if (!full) continue;
    }
    fresh.push(item);
    const symbol = datasetSymbolOfKey(item.info.key);
    if (before !== undefined && before.version !== item.reading.version && symbol !== undefined)
      rebuild.add(symbol);
  }
  // Only versions not processed before are quarantined: a rebuild does not file the same rows again.
  const newVersions = fresh.filter((item) => previousIndex[item.info.key]?.version !== item.reading.version);
  const validated = new Map<string, ValidatedObject>();
  for (const item of fresh) validated.set(item.info.key, validateReading(item.reading, today));

  const datasetSymbols = await listDatasetSymbols(store);
  const bySymbol = groupBySymbol([...validated.values()]);
  // A dataset the manifest does not describe is merged with nothing, which checks it and yields its entry.
  const undescribed = datasetSymbols.filter(
    (symbol) => full || previousManifest?.datasets[symbol] === undefined,
  );
  const affected = new Set([...bySymbol.keys(), ...rebuild, ...undescribed]);
  let read = toRead.length;

  const reports = new Map<string, SymbolReport>();
  const entries: Record<string, DatasetEntry> = {};
  for (const symbol of [...affected].sort()) {
    const published = await loadPublishedSymbol(store, symbol);
    if (!published.consistent) {
      logger.warn(
        { symbol, reason: published.inconsistency },
        'published state is inconsistent; rebuilding the symbol from raw/',
      );
    }
    const rebuilt = full || rebuild.has(symbol) || !published.consistent;
    const objects = [...(bySymbol.get(symbol) ?? [])];
    if (rebuilt && !full) {
      const rest = listing.filter(
        (info) => datasetSymbolOfKey(info.key) === symbol && !validated.has(info.key),
      );
      read += rest.length;
      for (const item of await readListed(store, rest, options)) {
        const before = previousIndex[item.info.key];
        index[item.info.key] = indexEntryOf(item.info, item.reading);
        if (before?.version !== item.reading.version) newVersions.push(item);
        const object = validateReading(item.reading, today);
        validated.set(item.info.key, object);
        if (object.symbol === symbol) objects.push(object);
      }
    }
    const { entry, ...outcome } = await publishSymbolRun(deps, symbol, published, objects, rebuilt);
    if (entry !== undefined) entries[symbol] = entry;
    reports.set(symbol, symbolReport(symbol, { rawObjects: objects.length, ...outcome, rebuilt }));
  }
  for (const symbol of datasetSymbols) {
    if (affected.has(symbol)) continue;
    const entry = previousManifest?.datasets[symbol] as DatasetEntry;
    entries[symbol] = entry;
    reports.set(symbol, symbolReport(symbol, { rows: entry.rows, dataset: 'unchanged' }));
  }

  const quarantine = await fileQuarantine(deps, today, newVersions, validated);
  for (const [symbol, count] of quarantine.bySymbol) {
    reports.set(symbol, symbolReport(symbol, { ...reports.get(symbol), quarantined: count }));
  }

  await saveRawIndex(store, index);
  const manifest = await saveManifest(store, buildManifest(entries, index));
  const report: PreprocessReport = {
    mode: full ? 'full' : 'incremental',
    today,
    raw: { listed: listing.length, read, unchanged, gone: gone.length, quarantinedWhole: quarantine.whole },
    symbols: [...reports.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1)),
    unattributedQuarantined: quarantine.unattributed,
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

function groupBySymbol(objects: readonly ValidatedObject[]): Map<string, ValidatedObject[]> {
  const groups = new Map<string, ValidatedObject[]>();
  for (const object of objects) {
    if (object.symbol === undefined) continue;
    const group = groups.get(object.symbol);
    if (group === undefined) groups.set(object.symbol, [object]);
    else group.push(object);
  }
  return groups;
}

async function fileQuarantine(
  deps: PreprocessDeps,
  today: IsoDay,
  newVersions: readonly ListedReading[],
  validated: ReadonlyMap<string, ValidatedObject>,
): Promise<{ bySymbol: Map<string, number>; unattributed: number; whole: number }> {
  const groups = new Map<string | undefined, ReturnType<typeof toQuarantineEntry>[]>();
  let whole = 0;
  for (const { info, reading } of [...newVersions].sort((a, b) => (a.info.key < b.info.key ? -1 : 1))) {
    const problems = validated.get(info.key)?.problems ?? reading.parsed.problems;
    if (problems.length === 0) continue;
    const first = problems[0];
    if (first.at === 'object') {
      whole += 1;
      deps.logger.warn(
        { rawKey: info.key, reason: first.reasons[0], detail: first.detail },
        'raw object quarantined',
      );
    } else {
      const reasons: Record<string, number> = {};
      for (const p of problems) reasons[p.reasons[0]] = (reasons[p.reasons[0]] ?? 0) + 1;
      deps.logger.warn({ rawKey: info.key, rows: problems.length, reasons }, 'raw rows quarantined');
    }
    groups.set(reading.symbol, [...(groups.get(reading.symbol) ?? []), ...problems.map(toQuarantineEntry)]);
  }
  const bySymbol = new Map<string, number>();
  let unattributed = 0;
  for (const [symbol, entries] of groups) {
    const { added } = await addToQuarantine(deps.store, today, symbol, entries);
    if (symbol === undefined) unattributed += added;
    else bySymbol.set(symbol, added);
  }
  return { bySymbol, unattributed, whole };
}
