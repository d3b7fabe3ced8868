import type { IsoDay } from '@cf/ohlcv';
import type { EpochProgress, FitReport } from '../forecaster';

/** Where a backtest is: which cut-off of how many, and which model. */
export interface BacktestPosition {
  readonly model: string;
  readonly cutoff: IsoDay;
  /** 1-based index among the cut-offs that have origins to forecast. */
  readonly refit: number;
  readonly refits: number;
}

/** What a walk-forward run reports while it runs (`onProgress`). */
export type BacktestProgress =
  | {
      readonly type: 'start';
      readonly id: string;
      readonly models: readonly string[];
      readonly symbols: readonly string[];
      readonly refits: number;
      /** Forecasts each model makes. */
      readonly forecasts: number;
      readonly from: IsoDay;
      readonly to: IsoDay;
    }
  | ({ readonly type: 'epoch'; readonly epoch: EpochProgress } & BacktestPosition)
  | ({
      readonly type: 'refit';
      readonly fit: FitReport;
      readonly forecasts: number;
      readonly fitSeconds: number;
      readonly predictSeconds: number;
      /** Seconds of the no-lookahead audit of this model at this cut-off (0 when not audited). */
      readonly auditSeconds: number;
      readonly elapsedSeconds: number;
      /** Estimate of the time left: each model's mean time per cut-off so far times its cut-offs left. */
      readonly etaSeconds: number | undefined;
    } & BacktestPosition);
