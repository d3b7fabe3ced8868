import type { IsoDay, RawSource } from '@cf/ohlcv';
import type { IngestMode } from './ingest-request';

/** What happened to one raw object: created, overwritten with a changed body, or left as it was. */
export type ObjectOutcome = 'written' | 'updated' | 'unchanged';

/** One page that held candles and its object. */
export interface ObjectReport {
  readonly key: string;
  readonly outcome: ObjectOutcome;
  readonly from: IsoDay;
  readonly to: IsoDay;
  readonly candles: number;
  /** Rows of the page that are not valid candles: stored as received, quarantined by preprocess. */
  readonly malformedRows: number;
}

/** What a run did for one symbol. */
export interface SymbolReport {
  readonly symbol: string;
  readonly status: 'succeeded' | 'failed';
  readonly pagesPlanned: number;
  readonly pagesFetched: number;
  /** Pages not requested because a newer page showed the asset had no older history. */
  readonly pagesSkipped: number;
  readonly written: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Pages without a single candle: nothing written for them. */
  readonly empty: number;
  /** Candles in the objects of this run (written, updated or unchanged). */
  readonly candles: number;
  /** Malformed rows in those objects (stored as received; preprocess quarantines them). */
  readonly malformedRows: number;
  readonly firstDay?: IsoDay;
  readonly lastDay?: IsoDay;
  readonly objects: readonly ObjectReport[];
  readonly error?: { readonly code: string; readonly kind: string; readonly message: string };
}

/** The run report every adapter returns or prints. */
export interface IngestReport {
  readonly mode: IngestMode;
  readonly source: RawSource;
  readonly from?: IsoDay;
  readonly to: IsoDay;
  /** `failed` when any symbol failed (the others still ran). */
  readonly status: 'succeeded' | 'failed';
  readonly aborted: boolean;
  readonly store: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly totals: {
    readonly symbols: number;
    readonly failed: number;
    readonly pagesFetched: number;
    readonly written: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly empty: number;
    readonly candles: number;
    readonly malformedRows: number;
  };
  readonly symbols: readonly SymbolReport[];
}

/** Progress of one symbol, emitted after each page and when the symbol ends. */
export interface IngestProgress {
  readonly symbol: string;
  readonly pagesPlanned: number;
  readonly pagesDone: number;
  readonly last?: { readonly outcome: ObjectOutcome | 'empty'; readonly from?: IsoDay; readonly to: IsoDay };
  readonly finished?: 'succeeded' | 'failed';
}

/** Sums the per-symbol figures. */
export function totalsOf(symbols: readonly SymbolReport[]): IngestReport['totals'] {
  const sum = (pick: (s: SymbolReport) => number): number => symbols.reduce((acc, s) => acc + pick(s), 0);
  return {
    symbols: symbols.length,
    failed: symbols.filter((s) => s.status === 'failed').length,
    pagesFetched: sum((s) => s.pagesFetched),
    written: sum((s) => s.written),
    updated: sum((s) => s.updated),
    unchanged: sum((s) => s.unchanged),
    empty: sum((s) => s.empty),
    candles: sum((s) => s.candles),
    malformedRows: sum((s) => s.malformedRows),
  };
}
