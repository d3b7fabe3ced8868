import type { IsoDay } from '@cf/ohlcv';
import type { ModelFitReport } from '../forecasters/forecasting-model';
import type { AuditReport } from './audit-no-lookahead';
import type { AuditMode, ResolvedBacktestRequest } from './backtest-request';
import type { ModelBacktestScores } from './score-backtest';

/** One input dataset of a backtest. */
export interface BacktestDatasetInfo {
  readonly key: string;
  readonly firstDate: IsoDay;
  readonly lastDate: IsoDay;
  readonly rows: number;
  /** sha256 (hex) of the file's bytes. */
  readonly sha256: string;
}

/** One refit: its cut-off, the origins it forecast and what each model's fit used. */
export interface BacktestCutoffRecord {
  readonly cutoff: IsoDay;
  /** Origins forecast by this fit are in `(cutoff, until]`. */
  readonly until: IsoDay;
  readonly origins: number;
  /** By model name; empty when the period had no origin to forecast (nothing was fitted). */
  readonly fits: Readonly<Record<string, ModelFitReport>>;
}

/** A model's place by its average ratio to persistence. */
export interface BacktestRankingEntry {
  readonly model: string;
  /** 5-asset (all-symbol) average of the per-symbol MAE ratios to persistence. */
  readonly ratio: number | null;
  readonly directionalAccuracy: number;
  /** Diebold-Mariano p-value of the average against persistence. */
  readonly pValue: number | null;
}

/** `backtests/{id}/report.json`: everything needed to judge and reproduce a backtest (no wall-clock values). */
export interface BacktestReport {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly request: ResolvedBacktestRequest & { readonly to: IsoDay };
  /** tfjs backend the neural models ran on. */
  readonly backend: string;
  readonly horizon: number;
  readonly data: {
    readonly firstDate: IsoDay;
    readonly lastDate: IsoDay;
    /** sha256 of the lines `{symbol} {sha256}\n` of every dataset, in symbol order. */
    readonly sha256: string;
    readonly bySymbol: Readonly<Record<string, BacktestDatasetInfo>>;
  };
  readonly origins: {
    /** First and last scored origin. */
    readonly from: IsoDay;
    readonly to: IsoDay;
    /** Forecasts per model (symbol-origin pairs). */
    readonly forecasts: number;
    readonly bySymbol: Readonly<Record<string, number>>;
    /** Consecutive candles ending on an origin that the most demanding model needs. */
    readonly inputDays: number;
    /** Candles in the period left out: targets not all known, or too little history for some model. */
    readonly targetsUnknown: number;
    readonly shortHistory: number;
  };
  readonly cutoffs: readonly BacktestCutoffRecord[];
  readonly audit: { readonly mode: AuditMode; readonly checks: readonly AuditReport[] };
  readonly models: readonly ModelBacktestScores[];
  /** Models by average ratio to persistence, best first. */
  readonly ranking: readonly BacktestRankingEntry[];
}

/** Models by their average ratio to persistence (lowest first; undefined ratios last, then by name). */
export function rankModels(models: readonly ModelBacktestScores[]): BacktestRankingEntry[] {
  return models
    .map((m) => ({
      model: m.model,
      ratio: m.average.overall.ratio,
      directionalAccuracy: m.average.overall.directionalAccuracy,
      pValue: m.average.overall.dieboldMariano?.pValue ?? null,
    }))
    .sort((a, b) => {
      if (a.ratio === null || b.ratio === null) return a.ratio === null ? (b.ratio === null ? 0 : 1) : -1;
      return a.ratio - b.ratio || (a.model < b.model ? -1 : 1);
    });
}

/** `report.json`'s bytes: two-space JSON and a trailing newline, fields in a fixed order. */
export function serializeBacktestReport(report: BacktestReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
