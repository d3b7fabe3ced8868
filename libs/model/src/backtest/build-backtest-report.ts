import { createHash } from 'node:crypto';
import type { IsoDay } from '@cf/ohlcv';
import type { TrainingDataset } from '../training/dataset';
import type { AuditReport } from './audit-no-lookahead';
import type { BacktestForecast } from './backtest-forecast';
import { rankModels, type BacktestCutoffRecord, type BacktestReport } from './backtest-report';
import type { ResolvedBacktestRequest } from './backtest-request';
import type { CutoffPlan } from './cutoffs';
import type { EligibleOrigins } from './eligible-origins';
import { scoreBacktest } from './score-backtest';

/** One cut-off's plan and the origins it forecasts. */
export type BacktestPeriod = CutoffPlan & EligibleOrigins;

/** Everything a finished backtest produced, before it is scored. */
export interface BacktestRun {
  readonly id: string;
  readonly request: ResolvedBacktestRequest & { readonly to: IsoDay };
  readonly backend: string;
  readonly datasets: readonly TrainingDataset[];
  readonly periods: readonly BacktestPeriod[];
  readonly inputDays: number;
  readonly cutoffs: readonly BacktestCutoffRecord[];
  readonly audits: readonly AuditReport[];
  /** By model name, in request order. */
  readonly forecasts: ReadonlyMap<string, readonly BacktestForecast[]>;
}

/** Scores every model (`scoreBacktest`) and assembles `report.json`'s content, in a fixed field order. */
export function buildBacktestReport(run: BacktestRun): BacktestReport {
  const { request, datasets, periods } = run;
  const horizon = request.training.horizon;
  const models = request.models.map((name) => scoreBacktest(name, run.forecasts.get(name) ?? [], horizon));
  const scored = periods.flatMap((p) => p.origins);
  const dates = scored.map((o) => o.date);
  return {
    schemaVersion: 1,
    id: run.id,
    request,
    backend: run.backend,
    horizon,
    data: {
      firstDate: datasets.map((d) => d.firstDate).reduce((a, b) => (a < b ? a : b)),
      lastDate: datasets.map((d) => d.lastDate).reduce((a, b) => (a > b ? a : b)),
      sha256: combinedSha256(datasets),
      bySymbol: Object.fromEntries(
        datasets.map((d) => [
          d.symbol,
          {
            key: d.key,
            firstDate: d.firstDate,
            lastDate: d.lastDate,
            rows: d.series.length,
            sha256: d.sha256,
          },
        ]),
      ),
    },
    origins: {
      from: dates.reduce((a, b) => (a < b ? a : b)),
      to: dates.reduce((a, b) => (a > b ? a : b)),
      forecasts: scored.length,
      bySymbol: Object.fromEntries(
        datasets.map((d) => [d.symbol, scored.filter((o) => o.symbol === d.symbol).length]),
      ),
      inputDays: run.inputDays,
      targetsUnknown: periods.reduce((n, p) => n + p.targetsUnknown, 0),
      shortHistory: periods.reduce((n, p) => n + p.shortHistory, 0),
    },
    cutoffs: run.cutoffs,
    audit: { mode: request.audit, checks: run.audits },
    models,
    ranking: rankModels(models),
  };
}

/** sha256 of the lines `{symbol} {sha256}\n` of every dataset, in symbol order. */
function combinedSha256(datasets: readonly TrainingDataset[]): string {
  const lines = [...datasets]
    .sort((a, b) => (a.symbol < b.symbol ? -1 : 1))
    .map((d) => `${d.symbol} ${d.sha256}\n`)
    .join('');
  return createHash('sha256').update(lines).digest('hex');
}
