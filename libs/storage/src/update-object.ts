import { setTimeout as sleep } from 'node:timers/promises';
import { randomInt } from 'node:crypto';
import { PreconditionFailedError, UpdateConflictError } from './errors';
import { parseJson, stableJson } from './json';
import type { ObjectStore, StoredObject } from './object-store';

/** Options of `updateObject` and `updateJson`. */
export interface UpdateOptions {
  /** Attempts (read, apply, conditional write) before giving up with `UpdateConflictError`. Default 8. */
  readonly maxAttempts?: number;
  /**
   * Milliseconds to wait before attempt `attempt` (2, 3, ...), after a lost race. Default: a random wait
   * between 0 and min(10 * 2^(attempt - 2), 500) ms, so racing writers spread out.
   */
  readonly backoffMs?: (attempt: number) => number;
  /** Content type of the write (`updateJson`: application/json; `updateObject`: application/octet-stream). */
  readonly contentType?: string;
}

/** What an update did. */
export interface UpdateOutcome<T> {
  /** `written`, or `unchanged` when the update asked for nothing new (no write, the object is as it was). */
  readonly result: 'written' | 'unchanged';
  /** The value the update returned on the attempt that counted (`undefined`: leave the object as it is). */
  readonly value: T | undefined;
  /** The object's ETag after the update; `undefined` when there is still no object. */
  readonly etag: string | undefined;
  /** Attempts it took, 1 when no other writer interfered. */
  readonly attempts: number;
}

/**
 * Read-modify-write of one object that loses no concurrent update: reads the object with its ETag
 * (`getObject`), applies `update` to it, and writes the result only if the object is still that version
 * (`ifMatch`, or `ifNoneMatch: '*'` when it did not exist). When another writer got there first
 * (`PreconditionFailedError`), it re-reads and re-applies `update` to the new state, up to `maxAttempts`
 * times, then throws `UpdateConflictError` having written nothing. Other errors are thrown at once.
 *
 * `update` may run several times, each time on the latest state: it must compute from its argument only,
 * with no side effects of its own. Returning `undefined` or the bytes already stored writes nothing.
 *
 * @example
 * // Append a line to a shared log object, safely against other processes doing the same.
 * await updateObject(store, 'monitoring/log.txt', (current) => `${current?.body.toString() ?? ''}${line}\n`);
 */
export async function updateObject(
  store: ObjectStore,
  key: string,
  update: (
    current: StoredObject | undefined,
    attempt: number,
  ) => Buffer | string | undefined | Promise<Buffer | string | undefined>,
  options: UpdateOptions = {},
): Promise<UpdateOutcome<Buffer | string>> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 8));
  const backoffMs = options.backoffMs ?? defaultBackoff;
  let lost: PreconditionFailedError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await sleep(backoffMs(attempt));
    const current = await store.getObject(key);
    const value = await update(current, attempt);
    if (value === undefined) return { result: 'unchanged', value, etag: current?.etag, attempts: attempt };
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    if (current !== undefined && current.body.equals(bytes)) {
      return { result: 'unchanged', value, etag: current.etag, attempts: attempt };
    }
    try {
      const condition = current === undefined ? { ifNoneMatch: '*' as const } : { ifMatch: current.etag };
      const { etag } = await store.put(key, bytes, { ...condition, contentType: options.contentType });
      return { result: 'written', value, etag, attempts: attempt };
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      lost = error;
    }
  }
  throw new UpdateConflictError(key, maxAttempts, lost as PreconditionFailedError);
}

/**
 * {@link updateObject} for a JSON object: `update` gets the parsed value (`undefined` when missing) and
 * returns the new value, written as `stableJson` with content type application/json. An object that does
 * not parse fails at once with `InvalidJsonError` (retrying cannot fix it).
 *
 * @example
 * // Two runs at once each add their raw keys to the index; neither addition is lost.
 * await updateJson<RawIndex>(store, 'processed/daily/_raw-index.json', (index) => ({
 *   ...index,
 *   entries: { ...index?.entries, ...mine },
 * }));
 */
export async function updateJson<T>(
  store: ObjectStore,
  key: string,
  update: (current: T | undefined, attempt: number) => T | undefined | Promise<T | undefined>,
  options: UpdateOptions = {},
): Promise<UpdateOutcome<T>> {
  let value: T | undefined;
  const outcome = await updateObject(
    store,
    key,
    async (current, attempt) => {
      value = await update(
        current === undefined ? undefined : parseJson<T>(key, current.body.toString('utf8')),
        attempt,
      );
      return value === undefined ? undefined : stableJson(value);
    },
    { ...options, contentType: options.contentType ?? 'application/json' },
  );
  return { ...outcome, value };
}

function defaultBackoff(attempt: number): number {
  return randomInt(0, Math.min(10 * 2 ** (attempt - 2), 500) + 1);
}
