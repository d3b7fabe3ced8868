import type { RawEnvelope } from '@cf/ohlcv';
import { getJson, listAll, type ObjectStore } from '@cf/storage';
import { createHash } from 'node:crypto';

/** sha256 of every object in the store, by key: two equal snapshots mean byte-identical stores. */
export async function snapshotStore(store: ObjectStore, prefix = ''): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const info of await listAll(store, prefix)) {
    const bytes = await store.get(info.key);
    snapshot[info.key] = createHash('sha256')
      .update(bytes ?? Buffer.alloc(0))
      .digest('hex');
  }
  return snapshot;
}

/** The envelope at `key`; fails the test when missing. */
export async function readEnvelope<Body = unknown>(
  store: ObjectStore,
  key: string,
): Promise<RawEnvelope<Body>> {
  const envelope = await getJson<RawEnvelope<Body>>(store, key);
  if (envelope === undefined) throw new Error(`no raw object at ${key}`);
  return envelope;
}

/**
 * The provider response stored at `key`, parsed: fails the test unless the envelope holds the text as
 * received (schemaVersion 2) and that text hashes to its `bodySha256`.
 */
export async function readResponse<Body = unknown>(store: ObjectStore, key: string): Promise<Body> {
  const envelope = await readEnvelope<string>(store, key);
  if (envelope.schemaVersion !== 2 || typeof envelope.body !== 'string')
    throw new Error(`${key} does not hold the response text (schemaVersion ${envelope.schemaVersion})`);
  const sha = createHash('sha256').update(envelope.body, 'utf8').digest('hex');
  if (sha !== envelope.bodySha256)
    throw new Error(`${key}: body hashes to ${sha}, not ${envelope.bodySha256}`);
  return JSON.parse(envelope.body.replace(/^\uFEFF/, '')) as Body;
}
