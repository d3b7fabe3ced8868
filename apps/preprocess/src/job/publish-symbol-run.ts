import type { Candle, DatasetEntry } from '@cf/ohlcv';
import type { Logger } from '@cf/service';
import type { ObjectStore } from '@cf/storage';
import { mergeDays } from './merge-days';
import { publishSymbol, type PublishedSymbol } from './published-symbol';
import type { ValidatedObject } from './validate-reading';

/** What merging and publishing one symbol did, for the report. */
export interface SymbolRunOutcome {
  readonly accepted: number;
  readonly duplicate: number;
  readonly superseded: number;
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly rows: number;
  readonly dataset: 'written' | 'unchanged' | 'removed' | 'none';
  readonly entry: DatasetEntry | undefined;
}

function values(candle: Candle): Pick<Candle, 'open' | 'high' | 'low' | 'close' | 'volume'> {
  return {
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: candle.volume,
  };
}

/**
 * Merges a symbol's validated objects into its published days (or into nothing, when `rebuild`), logs every
 * change to a published day with its old and new values (one line each), and writes the dataset.
 */
export async function publishSymbolRun(
  deps: { readonly store: ObjectStore; readonly logger: Logger },
  symbol: string,
  published: PublishedSymbol,
  objects: readonly ValidatedObject[],
  rebuild: boolean,
): Promise<SymbolRunOutcome> {
  const merge = mergeDays(rebuild ? new Map() : published.days, objects, published.days);
  for (const revision of merge.revised) {
    deps.logger.warn(
      {
        symbol,
        date: revision.date,
        old: values(revision.old),
        new: values(revision.new),
        oldRawKey: revision.oldRawKey === '' ? undefined : revision.oldRawKey,
        newRawKey: revision.newRawKey,
      },
      'published day revised',
    );
  }
  for (const candle of merge.removed) {
    deps.logger.warn(
      { symbol, date: candle.date, old: values(candle) },
      'published day removed: no raw object holds it any more',
    );
  }
  const outcome = await publishSymbol(deps.store, symbol, merge.days, published.datasetExists);
  return {
    accepted: merge.accepted,
    duplicate: merge.duplicate,
    superseded: merge.superseded,
    added: merge.added.length,
    updated: merge.revised.length,
    removed: merge.removed.length,
    rows: merge.days.length,
    dataset: outcome.dataset,
    entry: outcome.entry,
  };
}
