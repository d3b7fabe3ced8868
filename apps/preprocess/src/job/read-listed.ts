import { mapWithConcurrency } from '@cf/service';
import { isValidSymbol } from '@cf/ohlcv';
import type { ObjectInfo, ObjectStore } from '@cf/storage';
import { readRawObject, tooLargeReading, type RawObjectReading } from '../parsers/read-raw-object';
import { parseRawKey } from '../parsers/raw-key';

/** A raw object read in this run, with the listing facts it was read under. */
export interface ListedReading {
  readonly info: ObjectInfo;
  readonly reading: RawObjectReading;
}

/** The symbol whose dataset a raw key can feed (its `symbol=` segment), if the key is in the raw layout. */
export function datasetSymbolOfKey(key: string): string | undefined {
  const symbol = parseRawKey(key)?.symbol;
  return symbol !== undefined && isValidSymbol(symbol) ? symbol : undefined;
}

/**
 * Reads listed raw objects, `concurrency` at a time. An object whose listed size is over `maxBytes` is not
 * read at all (its reading is a whole-object `too-large` problem); one deleted since the listing is left out.
 */
export async function readListed(
  store: ObjectStore,
  infos: readonly ObjectInfo[],
  options: { readonly maxBytes: number; readonly concurrency: number },
): Promise<ListedReading[]> {
  const readings = await mapWithConcurrency(
    infos,
    options.concurrency,
    async (info): Promise<ListedReading | undefined> => {
      if (info.size > options.maxBytes)
        return { info, reading: tooLargeReading(info.key, info.size, options.maxBytes) };
      const bytes = await store.get(info.key);
      if (bytes === undefined) return undefined;
      return { info, reading: readRawObject(info.key, bytes, options.maxBytes) };
    },
  );
  return readings.filter((r): r is ListedReading => r !== undefined);
}
