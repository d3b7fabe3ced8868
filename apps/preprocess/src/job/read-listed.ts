import { mapWithConcurrency } from '@cf/service';
import { assertValidKey, compareKeys, StorageError, type ObjectInfo, type ObjectStore } from '@cf/storage';
import {
  readRawObject,
  tooLargeReading,
  unreadReading,
  type RawObjectReading,
} from '../parsers/read-raw-object';

/** A raw object read in this run, with the listing facts it was read under. */
export interface ListedReading {
  readonly info: ObjectInfo;
  readonly reading: RawObjectReading;
}

/** A listed object the store failed to return (a permission, a key it cannot serve): retried next run. */
export interface UnreadableObject {
  readonly info: ObjectInfo;
  readonly reason: string;
}

/** What reading listed objects gave: readings, and the objects the store could not return. */
export interface ListedReads {
  readonly readings: ListedReading[];
  readonly unreadable: UnreadableObject[];
}

function invalidKeyReason(key: string): string | undefined {
  try {
    assertValidKey(key);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Reads listed raw objects, `concurrency` at a time, and never fails for one object: a key that is not a valid
 * store key (a backslash, a control character) is not read and comes back as an `unreadable-key` reading; an
 * object over `maxBytes` is not read either (`too-large`, from its listed size); one deleted since the listing
 * is left out; one the store fails to return is listed in `unreadable` with the store's reason.
 */
export async function readListed(
  store: ObjectStore,
  infos: readonly ObjectInfo[],
  options: { readonly maxBytes: number; readonly concurrency: number },
): Promise<ListedReads> {
  const readings: ListedReading[] = [];
  const unreadable: UnreadableObject[] = [];
  await mapWithConcurrency(infos, options.concurrency, async (info): Promise<void> => {
    const badKey = invalidKeyReason(info.key);
    if (badKey !== undefined) {
      readings.push({
        info,
        reading: unreadReading(info.key, info.size, 'unreadable-key', `raw object was not read: ${badKey}`),
      });
      return;
    }
    if (info.size > options.maxBytes) {
      readings.push({ info, reading: tooLargeReading(info.key, info.size, options.maxBytes) });
      return;
    }
    let bytes: Buffer | undefined;
    try {
      bytes = await store.get(info.key);
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      unreadable.push({ info, reason: error.message });
      return;
    }
    if (bytes === undefined) return;
    readings.push({ info, reading: readRawObject(info.key, bytes, options.maxBytes) });
  });
  const byKey = (a: { info: ObjectInfo }, b: { info: ObjectInfo }): number =>
    compareKeys(a.info.key, b.info.key);
  return { readings: readings.sort(byKey), unreadable: unreadable.sort(byKey) };
}
