import { InvalidJsonError } from './errors';
import type { ObjectInfo, ObjectStore, PutOptions } from './object-store';

const JSON_CONTENT_TYPE = 'application/json';

/** The stable text `putJson` writes: two-space indentation and a final newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Reads and parses a JSON object; `undefined` when the key is missing, `InvalidJsonError` naming the key
 * when it does not parse. The shape is not checked: validate it where `T` matters.
 */
export async function getJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const text = await getText(store, key);
  return text === undefined ? undefined : parseJson<T>(key, text);
}

/** Parses the text of the object at `key`; `InvalidJsonError` naming the key when it is not JSON. */
export function parseJson<T>(key: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new InvalidJsonError(key, error);
  }
}

/** Writes `value` as stable JSON (`JSON.stringify(value, null, 2) + '\n'`) with content type application/json. */
export async function putJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, stableJson(value), { contentType: JSON_CONTENT_TYPE });
}

/** Like `putJson`, but leaves the object untouched when its bytes would not change. */
export async function putJsonIfChanged(
  store: ObjectStore,
  key: string,
  value: unknown,
): Promise<'written' | 'unchanged'> {
  return putIfChanged(store, key, stableJson(value), { contentType: JSON_CONTENT_TYPE });
}

/** The object as UTF-8 text, or `undefined` when the key is missing. */
export async function getText(store: ObjectStore, key: string): Promise<string | undefined> {
  const bytes = await store.get(key);
  return bytes === undefined ? undefined : bytes.toString('utf8');
}

/** Every object under `prefix`, sorted by key, following all pages. */
export async function listAll(store: ObjectStore, prefix: string): Promise<ObjectInfo[]> {
  const all: ObjectInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(prefix, cursor === undefined ? {} : { cursor });
    all.push(...page.objects);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/**
 * Writes `body` unless the object already holds exactly these bytes, so re-running a job leaves the
 * store byte-for-byte (and modification-time) unchanged.
 */
export async function putIfChanged(
  store: ObjectStore,
  key: string,
  body: Buffer | string,
  options?: PutOptions,
): Promise<'written' | 'unchanged'> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const existing = await store.get(key);
  if (existing !== undefined && existing.equals(bytes)) return 'unchanged';
  await store.put(key, bytes, options);
  return 'written';
}
