import {
  compareKeys,
  getJson,
  InvalidJsonError,
  joinKey,
  putJsonIfChanged,
  quarantineKey,
  stableJson,
  type ObjectStore,
} from '@cf/storage';
import type { IsoDay } from '@cf/ohlcv';
import { CorruptStateError } from '../errors';
import type { QuarantineReason, RawProblem } from '../parsers/raw-problem';

/** One quarantined row, or a whole raw object (`at: "object"`, `row`: the start of its text). */
export interface QuarantineEntry {
  readonly rawKey: string;
  readonly at: string;
  readonly reasons: readonly QuarantineReason[];
  readonly detail: string;
  /** The row exactly as received: a JSON object or array, or a CSV line. */
  readonly row: unknown;
}

/** `processed/quarantine/dt={day}/symbol={SYM}.json`: what the runs of one UTC day quarantined for a symbol. */
export interface QuarantineFile {
  readonly schemaVersion: 1;
  readonly day: IsoDay;
  /** null in `unattributed.json`: objects whose symbol cannot be told (no usable envelope nor key). */
  readonly symbol: string | null;
  readonly entries: readonly QuarantineEntry[];
}

/** Where quarantined rows of a run day go: the symbol's file, or `unattributed.json` when there is no symbol. */
export function quarantineFileKey(day: IsoDay, symbol: string | undefined): string {
  return symbol === undefined
    ? joinKey('processed', 'quarantine', `dt=${day}`, 'unattributed.json')
    : quarantineKey(day, symbol);
}

function position(at: string): number {
  const match = /\d+/.exec(at);
  return match === null ? -1 : Number(match[0]);
}

function compareEntries(a: QuarantineEntry, b: QuarantineEntry): number {
  return compareKeys(a.rawKey, b.rawKey) || position(a.at) - position(b.at);
}

/** A problem as a quarantine entry. */
export function toQuarantineEntry(problem: RawProblem): QuarantineEntry {
  return {
    rawKey: problem.rawKey,
    at: problem.at,
    reasons: problem.reasons,
    detail: problem.detail,
    row: problem.row,
  };
}

/**
 * Adds entries to the day's file for a symbol, keeping what is there, dropping exact repeats (so re-running
 * a day adds nothing), sorted by raw key and row position; writes only when the bytes change.
 */
export async function addToQuarantine(
  store: ObjectStore,
  day: IsoDay,
  symbol: string | undefined,
  entries: readonly QuarantineEntry[],
): Promise<{ key: string; added: number; status: 'written' | 'unchanged' }> {
  const key = quarantineFileKey(day, symbol);
  let existing: QuarantineFile | undefined;
  try {
    existing = await getJson<QuarantineFile>(store, key);
  } catch (error) {
    if (error instanceof InvalidJsonError) throw new CorruptStateError(key, 'not JSON', { cause: error });
    throw error;
  }
  if (existing !== undefined && (existing.schemaVersion !== 1 || !Array.isArray(existing.entries))) {
    throw new CorruptStateError(key, 'expected { schemaVersion: 1, entries: [...] }');
  }
  const seen = new Set<string>();
  const merged: QuarantineEntry[] = [];
  for (const entry of [...(existing?.entries ?? []), ...entries]) {
    const identity = stableJson(entry);
    if (seen.has(identity)) continue;
    seen.add(identity);
    merged.push(entry);
  }
  const added = merged.length - (existing?.entries.length ?? 0);
  const file: QuarantineFile = {
    schemaVersion: 1,
    day,
    symbol: symbol ?? null,
    entries: merged.sort(compareEntries),
  };
  return { key, added, status: await putJsonIfChanged(store, key, file) };
}
