import { parseProviderJson, type IsoDay, type RawEnvelope } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import { getJson, InvalidJsonError, listAll, rawPrefix, type ObjectStore } from '@cf/storage';
import type { ObjectOutcome } from './ingest-report';

/** What the store holds at a raw key: nothing, a readable envelope, or bytes that are not one. */
export type StoredRaw =
  | { readonly state: 'missing' }
  | { readonly state: 'envelope'; readonly envelope: RawEnvelope }
  | { readonly state: 'corrupt'; readonly reason: string };

/** Reads the envelope at `key`; a corrupt object is reported, not thrown, so the run can replace it. */
export async function readStoredRaw(store: ObjectStore, key: string): Promise<StoredRaw> {
  let value: unknown;
  try {
    value = await getJson<unknown>(store, key);
  } catch (error) {
    if (error instanceof InvalidJsonError) return { state: 'corrupt', reason: error.message };
    throw error;
  }
  if (value === undefined) return { state: 'missing' };
  const envelope = value as Partial<RawEnvelope> | null;
  if (
    envelope === null ||
    typeof envelope !== 'object' ||
    typeof envelope.bodySha256 !== 'string' ||
    typeof envelope.coverage?.from !== 'string'
  ) {
    return { state: 'corrupt', reason: `object at '${key}' is not a raw envelope` };
  }
  return { state: 'envelope', envelope: envelope as RawEnvelope };
}

/**
 * A stored envelope's body decoded for its provider: parsed JSON (schemaVersion 2 stores the text as received,
 * version 1 the parsed value) or the CSV text; `undefined` when it does not decode.
 */
export function decodeStoredBody(envelope: RawEnvelope): unknown {
  if (envelope.source === 'csv' || envelope.schemaVersion === 1) return envelope.body;
  if (typeof envelope.body !== 'string') return undefined;
  const parsed = parseProviderJson(envelope.body);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * Writes `envelope` (already serialized as `text`, the bytes stored) at `key` unless that would not change
 * the data:
 * - same body hash as stored: untouched (the stored `fetchedAt` stays), so a re-run leaves identical bytes;
 * - the stored object covers more days up to the same `dt` (a backfill page, now met by a daily run): untouched,
 *   so a narrower response never erases candles;
 * - otherwise written (`written` when new, `updated` when it replaced another body or a corrupt object).
 */
export async function storeRawObject(
  store: ObjectStore,
  key: string,
  envelope: RawEnvelope,
  text: string,
  stored: StoredRaw,
  logger: Logger,
): Promise<ObjectOutcome> {
  if (stored.state === 'envelope') {
    if (stored.envelope.bodySha256 === envelope.bodySha256) return 'unchanged';
    if (stored.envelope.coverage.from < envelope.coverage.from) {
      logger.info(
        { key, stored: stored.envelope.coverage, fetched: envelope.coverage },
        'kept the stored raw object: it covers more days than the new response',
      );
      return 'unchanged';
    }
  }
  if (stored.state === 'corrupt')
    logger.warn({ key, reason: stored.reason }, 'replacing a corrupt raw object');
  await store.put(key, text, { contentType: 'application/json' });
  return stored.state === 'missing' ? 'written' : 'updated';
}

/** The `dt` days of the raw objects already stored for one source and symbol, sorted. */
export async function listStoredDays(store: ObjectStore, source: string, symbol: string): Promise<IsoDay[]> {
  const prefix = `${rawPrefix(source)}symbol=${symbol}/`;
  const days = new Set<IsoDay>();
  for (const info of await listAll(store, prefix)) {
    const match = /\/dt=(\d{4}-\d{2}-\d{2})\/candles\.json$/.exec(info.key);
    if (match) days.add(match[1]);
  }
  return [...days].sort();
}
