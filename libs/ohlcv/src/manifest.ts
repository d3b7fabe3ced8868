import type { IsoDay } from './candle';

/** A run of missing days in a dataset: `from` to `to` inclusive are absent. */
export interface DayGap {
  readonly from: IsoDay;
  readonly to: IsoDay;
  readonly missingDays: number;
}

/** What `processed/daily/_manifest.json` says of one asset's dataset. */
export interface DatasetEntry {
  readonly symbol: string;
  readonly key: string;
  readonly rows: number;
  readonly firstDate: IsoDay;
  readonly lastDate: IsoDay;
  readonly gaps: readonly DayGap[];
  /** sha256 (hex) of the dataset file's bytes. */
  readonly sha256: string;
}

/** `processed/daily/_manifest.json`: written by preprocess, read by train, infer and monitor. */
export interface DatasetManifest {
  readonly schemaVersion: 1;
  readonly updatedAt: string;
  readonly datasets: Readonly<Record<string, DatasetEntry>>;
  /**
   * Raw objects already consumed, key -> the envelope's `bodySha256`, so a daily run only processes raw
   * objects that are new or whose body changed (a revised candle re-written under the same key).
   */
  readonly rawConsumed: Readonly<Record<string, string>>;
}
