import type { IsoDay } from '@cf/ohlcv';

/** What one run did for one symbol. */
export interface SymbolReport {
  readonly symbol: string;
  /** Raw objects read in this run whose candles belong to the symbol. */
  readonly rawObjects: number;
  /** Valid rows that set a day's value: a new day, or a value different from what was published. */
  readonly accepted: number;
  /** Valid rows identical to the value their day ends with, that changed nothing. */
  readonly duplicate: number;
  /** Valid rows that lost to a more recently fetched, different value. */
  readonly superseded: number;
  /** Rows (and whole raw objects) quarantined under this symbol by this run. */
  readonly quarantined: number;
  /** Days newly published. */
  readonly added: number;
  /** Days already published whose value changed (each one logged with its old and new values). */
  readonly updated: number;
  /** Days no longer published because the raw objects behind them changed or disappeared. */
  readonly removed: number;
  /** Rows of the dataset after the run. */
  readonly rows: number;
  /** True when the dataset was rebuilt from all of the symbol's raw objects rather than merged into. */
  readonly rebuilt: boolean;
  /** `skipped`: an object of the symbol could not be read, so the symbol was left as published. */
  readonly dataset: 'written' | 'unchanged' | 'removed' | 'none' | 'skipped';
}

/** The summary a run returns (and the CLI prints). */
export interface PreprocessReport {
  readonly mode: 'full' | 'incremental';
  /** The run's UTC day by its clock: the quarantine partition, and the first day refused as incomplete. */
  readonly today: IsoDay;
  readonly raw: {
    /** Objects under raw/. */
    readonly listed: number;
    /** Objects read (or refused for their size) in this run. */
    readonly read: number;
    /** Objects read whose version had already been processed (nothing to do). */
    readonly unchanged: number;
    /** Objects processed earlier that are no longer in raw/. */
    readonly gone: number;
    /** Objects quarantined whole by this run. */
    readonly quarantinedWhole: number;
    /** Objects the store failed to return: their symbol was skipped and they are read again next run. */
    readonly unreadable: number;
  };
  /** Every symbol with a dataset or touched by the run, sorted. */
  readonly symbols: readonly SymbolReport[];
  /** Quarantine entries added by this run for objects with no usable symbol (`unattributed.json`). */
  readonly unattributedQuarantined: number;
  readonly manifest: 'written' | 'unchanged';
}
