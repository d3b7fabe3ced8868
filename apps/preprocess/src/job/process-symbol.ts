import type { DatasetEntry, DatasetManifest, IsoDay } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import type { ObjectInfo, ObjectStore } from '@cf/storage';
import { fileQuarantine, type FiledQuarantine } from './file-quarantine';
import type { SymbolReport } from './preprocess-report';
import { publishSymbolRun, type SymbolRunOutcome } from './publish-symbol-run';
import { loadPublishedSymbol } from './published-symbol';
import { indexEntryOf, type RawIndexEntry } from './raw-index';
import { readListed, type ListedReading, type UnreadableObject } from './read-listed';
import { validateReading, type ValidatedObject } from './validate-reading';

/** What every symbol of one run shares. */
export interface SymbolRunContext {
  readonly store: ObjectStore;
  readonly logger: Logger;
  readonly today: IsoDay;
  readonly full: boolean;
  readonly previousIndex: Readonly<Record<string, RawIndexEntry>>;
  readonly previousManifest: DatasetManifest | undefined;
  readonly read: { readonly maxBytes: number; readonly concurrency: number };
}

/** The raw objects of one symbol (by their key's `symbol=`), or of no symbol, and what the run must do. */
export interface SymbolWork {
  /** `undefined` for objects whose key names no valid symbol: they can only be quarantined. */
  readonly symbol: string | undefined;
  /** Every listed object of the symbol. */
  readonly listed: readonly ObjectInfo[];
  /** The listed objects to read: new, changed, asked for, or all with `full`. */
  readonly toRead: readonly ObjectInfo[];
  /** An object it consumed is gone from raw/: rebuild from what is left. */
  readonly mustRebuild: boolean;
  /** A dataset exists for it. */
  readonly hasDataset: boolean;
}

/** What one symbol's processing did, for the index, the manifest and the report. */
export interface SymbolResult {
  readonly symbol: string | undefined;
  /** Index entries of the objects read (absent when the symbol was skipped). */
  readonly index: Readonly<Record<string, RawIndexEntry>>;
  readonly entry: DatasetEntry | undefined;
  /** The symbol's report line, when it has a dataset or this run touched it. */
  readonly report: SymbolReport | undefined;
  readonly read: number;
  readonly unchanged: number;
  readonly unreadable: readonly UnreadableObject[];
  /** The symbol was left as published because one of its objects could not be read. */
  readonly skipped: boolean;
  readonly quarantine: FiledQuarantine;
}

const NOTHING_FILED: FiledQuarantine = { bySymbol: new Map(), unattributed: 0, whole: 0 };

/** A symbol's report line, in the field order of `SymbolReport`, zero where the run did nothing. */
export function symbolReport(symbol: string, fields: Partial<SymbolReport>): SymbolReport {
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
 * Processes one symbol's raw objects from reading to publishing, so a run holds one symbol in memory at a
 * time: reads the objects to read, merges their candles into the published days (or rebuilds the symbol from
 * all its objects when one it consumed changed or vanished, or its published state is inconsistent), writes
 * the dataset and files the quarantined rows of new versions. When the store fails to return one of the
 * symbol's objects, the symbol is left exactly as published and none of its objects is indexed, so the next
 * run tries again; the other symbols go on.
 */
export async function processSymbol(context: SymbolRunContext, work: SymbolWork): Promise<SymbolResult> {
  const { full, previousIndex } = context;
  const index: Record<string, RawIndexEntry> = {};
  const fresh: ListedReading[] = [];
  let unchanged = 0;
  let rebuild = work.mustRebuild;
  const first = await readListed(context.store, work.toRead, context.read);
  let read = work.toRead.length;
  if (first.unreadable.length > 0) return skipped(context, work, read, first.unreadable);
  for (const item of first.readings) {
    const before = previousIndex[item.info.key];
    index[item.info.key] = indexEntryOf(item.info, item.reading);
    if (before !== undefined && before.version === item.reading.version) {
      unchanged += 1;
      if (!full) continue;
    }
    fresh.push(item);
    if (before !== undefined && before.version !== item.reading.version) rebuild = true;
  }
  const validated = new Map<string, ValidatedObject>();
  for (const item of fresh) validated.set(item.info.key, validateReading(item.reading, context.today));
  // Only versions not processed before are quarantined: a rebuild does not file the same rows again.
  const newVersions = fresh.filter((item) => previousIndex[item.info.key]?.version !== item.reading.version);
  const symbol = work.symbol;
  const objects = [...validated.values()].filter((o) => symbol !== undefined && o.symbol === symbol);
  const previousEntry = symbol === undefined ? undefined : context.previousManifest?.datasets[symbol];
  // A dataset the manifest does not describe is merged with nothing, which checks it and yields its entry.
  const undescribed = work.hasDataset && (full || previousEntry === undefined);

  let entry: DatasetEntry | undefined = work.hasDataset ? previousEntry : undefined;
  let outcome: (Omit<SymbolRunOutcome, 'entry'> & { rebuilt: boolean }) | undefined;
  if (symbol !== undefined && (objects.length > 0 || rebuild || undescribed)) {
    const published = await loadPublishedSymbol(context.store, symbol);
    if (!published.consistent) {
      context.logger.warn(
        { symbol, reason: published.inconsistency },
        'published state is inconsistent; rebuilding the symbol from raw/',
      );
    }
    const rebuilt = full || rebuild || !published.consistent;
    if (rebuilt && !full) {
      const done = new Set(work.toRead.map((info) => info.key));
      const rest = work.listed.filter((info) => !done.has(info.key));
      const more = await readListed(context.store, rest, context.read);
      read += rest.length;
      if (more.unreadable.length > 0) return skipped(context, work, read, more.unreadable);
      for (const item of more.readings) {
        index[item.info.key] = indexEntryOf(item.info, item.reading);
        if (previousIndex[item.info.key]?.version !== item.reading.version) newVersions.push(item);
        const object = validateReading(item.reading, context.today);
        validated.set(item.info.key, object);
        if (object.symbol === symbol) objects.push(object);
      }
    }
    const { entry: written, ...result } = await publishSymbolRun(
      context,
      symbol,
      published,
      objects,
      rebuilt,
    );
    entry = written;
    outcome = { ...result, rebuilt };
  }

  const quarantine = await fileQuarantine(context, context.today, newVersions, validated);
  const quarantined = symbol === undefined ? 0 : (quarantine.bySymbol.get(symbol) ?? 0);
  let report: SymbolReport | undefined;
  if (symbol !== undefined && outcome !== undefined) {
    report = symbolReport(symbol, { rawObjects: objects.length, ...outcome, quarantined });
  } else if (symbol !== undefined && entry !== undefined) {
    report = symbolReport(symbol, { rows: entry.rows, dataset: 'unchanged', quarantined });
  } else if (symbol !== undefined && quarantined > 0) {
    report = symbolReport(symbol, { quarantined });
  }
  return { symbol, index, entry, report, read, unchanged, unreadable: [], skipped: false, quarantine };
}

function skipped(
  context: SymbolRunContext,
  work: SymbolWork,
  read: number,
  unreadable: readonly UnreadableObject[],
): SymbolResult {
  for (const { info, reason } of unreadable) {
    context.logger.error(
      { rawKey: info.key, symbol: work.symbol, reason },
      'raw object could not be read; its symbol is left as published and retried next run',
    );
  }
  const symbol = work.symbol;
  const entry = symbol === undefined ? undefined : context.previousManifest?.datasets[symbol];
  const report =
    symbol === undefined ? undefined : symbolReport(symbol, { rows: entry?.rows ?? 0, dataset: 'skipped' });
  return {
    symbol,
    index: {},
    entry,
    report,
    read,
    unchanged: 0,
    unreadable,
    skipped: true,
    quarantine: NOTHING_FILED,
  };
}
