import type { IsoDay } from '@cf/ohlcv';
import type { ModelScores } from '../scoring/score-forecasts';
import type { ModelRangeScores } from '../scoring/score-ranges';
import type { AuditReport } from './audit-no-lookahead';
import type { AuditMode, ResolvedBacktestRequest } from './backtest-request';
import type { BacktestCutoffRecord } from './walk-forward';

/** One input dataset of a backtest. */
export interface BacktestDatasetInfo {
  readonly key: string;
  readonly firstDate: IsoDay;
  readonly lastDate: IsoDay;
  readonly rows: number;
  /** sha256 (hex) of the file's bytes. */
  readonly sha256: string;
}

/** A model's place by its pooled ratio to persistence. */
export interface BacktestRankingEntry {
  readonly model: string;
  /** Pooled ratio of relative MAEs to persistence (the one scorer's rule). */
  readonly ratio: number | null;
  readonly directionalAccuracy: number;
  /** Diebold-Mariano p-value against persistence. */
  readonly pValue: number | null;
}

/** `backtests/{id}/report.json`: everything needed to judge and reproduce a backtest (no wall-clock values). */
export interface BacktestReport {
  readonly schemaVersion: 2;
  readonly id: string;
  readonly request: ResolvedBacktestRequest & { readonly to: IsoDay };
  /** tfjs backend the networks ran on (`none` when no model needed one). */
  readonly backend: string;
  readonly horizon: number;
  /** How every cut-off after the first was fitted: afresh, or continuing from the previous cut-off's weights. */
  readonly refitStrategy: string;
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
  readonly models: readonly ModelScores[];
  /** Models by pooled ratio to persistence, best first. */
  readonly ranking: readonly BacktestRankingEntry[];
  /**
   * Range scores of the models whose forecasts carry quantiles, each against the naive ranges
   * (`persistence+naive-empirical`, run whenever a range model is) on the same points.
   */
  readonly ranges: readonly ModelRangeScores[];
}

/** Models by their pooled ratio to persistence (lowest first; undefined ratios last, then by name). */
export function rankModels(models: readonly ModelScores[]): BacktestRankingEntry[] {
  return models
    .map((m) => ({
      model: m.model,
      ratio: m.overall.ratio,
      directionalAccuracy: m.overall.directionalAccuracy,
      pValue: m.overall.dieboldMariano?.pValue ?? null,
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
