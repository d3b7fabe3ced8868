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
