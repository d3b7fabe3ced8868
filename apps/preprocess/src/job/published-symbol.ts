import { createHash } from 'node:crypto';
import {
  CsvFormatError,
  findGaps,
  formatCandlesCsv,
  parseCandlesCsv,
  type Candle,
  type DatasetEntry,
  type IsoDay,
} from '@cf/ohlcv';
import {
  checkSymbol,
  getJson,
  InvalidJsonError,
  joinKey,
  processedDatasetKey,
  putIfChanged,
  putJsonIfChanged,
  type ObjectStore,
} from '@cf/storage';
import type { SourcedCandle } from './validate-reading';

/**
 * The provenance sidecar of a dataset: for every published day, the raw object (key and fetch time) its
 * candle came from, so a later run can apply the merge rule without re-reading old raw objects. It names the
 * sha256 of the dataset it describes; a mismatch (a crash between the two writes, a hand edit) makes the
 * next run rebuild the symbol from raw/.
 */
export interface Provenance {
  readonly schemaVersion: 1;
  readonly symbol: string;
  readonly datasetSha256: string;
  /** Raw objects that hold at least one published day, sorted by key. */
  readonly objects: readonly { readonly rawKey: string; readonly fetchedAt: string }[];
  /** Day -> index into `objects`, in date order. */
  readonly days: Readonly<Record<IsoDay, number>>;
}

/** A symbol's published state as read back from the store. */
export interface PublishedSymbol {
  /** The published days that read back; `rawKey`/`fetchedAt` are empty strings when the provenance is unusable. */
  readonly days: Map<IsoDay, SourcedCandle>;
  readonly datasetExists: boolean;
  /** True when the sidecar exactly describes the dataset (or neither exists), so an incremental merge is safe. */
  readonly consistent: boolean;
  /** Why it is not consistent, for the log. */
  readonly inconsistency?: string;
}

/** `processed/daily/symbol={SYM}/_provenance.json` (the `_` keeps it out of Athena/Glue tables). */
export function provenanceKey(symbol: string): string {
  return joinKey('processed', 'daily', `symbol=${checkSymbol(symbol)}`, '_provenance.json');
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function provenanceProblem(
  value: unknown,
  symbol: string,
  datasetSha: string,
  candles: readonly Candle[],
): string | undefined {
  if (typeof value !== 'object' || value === null) return 'provenance is missing';
  const p = value as Partial<Provenance>;
  if (
    p.schemaVersion !== 1 ||
    p.symbol !== symbol ||
    !Array.isArray(p.objects) ||
    typeof p.days !== 'object' ||
    p.days === null
  ) {
    return 'provenance does not have its shape';
  }
  if (p.datasetSha256 !== datasetSha) return 'provenance describes another version of the dataset';
  const days = p.days as Record<string, unknown>;
  if (Object.keys(days).length !== candles.length) return 'provenance and dataset list different days';
  const objects = p.objects;
  for (const candle of candles) {
    const index = days[candle.date];
    const object: unknown = typeof index === 'number' ? objects[index] : undefined;
    if (
      typeof object !== 'object' ||
      object === null ||
      typeof (object as { rawKey?: unknown }).rawKey !== 'string' ||
      typeof (object as { fetchedAt?: unknown }).fetchedAt !== 'string'
    ) {
      return `provenance has no raw object for ${candle.date}`;
    }
  }
  return undefined;
}

/** The published dataset's readable candles, and why it cannot be trusted when some rows do not read back. */
function readDataset(bytes: Buffer, symbol: string): { candles: Candle[]; problem?: string } {
  try {
    const parsed = parseCandlesCsv(bytes.toString('utf8'), { symbol });
    if (parsed.problems.length === 0) return { candles: parsed.candles };
    const first = parsed.problems[0];
    return { candles: parsed.candles, problem: `dataset line ${first.line} does not parse: ${first.detail}` };
  } catch (error) {
    if (error instanceof CsvFormatError)
      return { candles: [], problem: `dataset does not parse: ${error.message}` };
    throw error;
  }
}

/** Reads a symbol's dataset and its provenance sidecar and checks that they agree. */
export async function loadPublishedSymbol(store: ObjectStore, symbol: string): Promise<PublishedSymbol> {
  const bytes = await store.get(processedDatasetKey(symbol));
  let provenance: unknown;
  try {
    provenance = await getJson<unknown>(store, provenanceKey(symbol));
  } catch (error) {
    // A sidecar that is not JSON is unusable, not fatal: the symbol is rebuilt from raw/.
    if (!(error instanceof InvalidJsonError)) throw error;
    provenance = null;
  }
  if (bytes === undefined) {
    const consistent = provenance === undefined;
    return consistent
      ? { days: new Map(), datasetExists: false, consistent }
      : {
          days: new Map(),
          datasetExists: false,
          consistent,
          inconsistency: 'provenance exists without its dataset',
        };
  }
  const { candles, problem: unreadable } = readDataset(bytes, symbol);
  const problem = unreadable ?? provenanceProblem(provenance, symbol, sha256(bytes), candles);
  const p = provenance as Provenance;
  const days = new Map<IsoDay, SourcedCandle>(
    candles.map((candle) => {
      const source = problem === undefined ? p.objects[p.days[candle.date]] : { rawKey: '', fetchedAt: '' };
      return [candle.date, { candle, rawKey: source.rawKey, fetchedAt: source.fetchedAt }];
    }),
  );
  return problem === undefined
    ? { days, datasetExists: true, consistent: true }
    : { days, datasetExists: true, consistent: false, inconsistency: problem };
}

/** What writing a symbol's merged days did. */
export interface PublishOutcome {
  readonly dataset: 'written' | 'unchanged' | 'removed' | 'none';
  /** The manifest entry; absent when the symbol has no rows. */
  readonly entry?: DatasetEntry;
}

/**
 * Writes a symbol's dataset (standard schema via `formatCandlesCsv`, sorted, one row per day) and then its
 * provenance, each only when its bytes change. With no days left, both are removed.
 */
export async function publishSymbol(
  store: ObjectStore,
  symbol: string,
  days: readonly SourcedCandle[],
  existed: boolean,
): Promise<PublishOutcome> {
  const key = processedDatasetKey(symbol);
  if (days.length === 0) {
    await store.delete(key);
    await store.delete(provenanceKey(symbol));
    return { dataset: existed ? 'removed' : 'none' };
  }
  const candles = days.map((d) => d.candle);
  const text = formatCandlesCsv(candles);
  const datasetSha256 = sha256(text);
  const written = await putIfChanged(store, key, text, { contentType: 'text/csv' });
  await putJsonIfChanged(store, provenanceKey(symbol), buildProvenance(symbol, datasetSha256, days));
  return {
    dataset: written,
    entry: {
      symbol,
      key,
      rows: candles.length,
      firstDate: candles[0].date,
      lastDate: candles[candles.length - 1].date,
      gaps: findGaps(candles),
      sha256: datasetSha256,
    },
  };
}

function buildProvenance(symbol: string, datasetSha256: string, days: readonly SourcedCandle[]): Provenance {
  const fetchedAtByKey = new Map<string, string>();
  for (const day of days) fetchedAtByKey.set(day.rawKey, day.fetchedAt);
  const keys = [...fetchedAtByKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const position = new Map(keys.map((rawKey, index) => [rawKey, index]));
  return {
    schemaVersion: 1,
    symbol,
    datasetSha256,
    objects: keys.map((rawKey) => ({ rawKey, fetchedAt: fetchedAtByKey.get(rawKey) as string })),
    days: Object.fromEntries(days.map((day) => [day.candle.date, position.get(day.rawKey) as number])),
  };
}
