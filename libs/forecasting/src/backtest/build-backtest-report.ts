import type { IsoDay } from '@cf/ohlcv';
import { scorePoints, type ForecastPoint } from '../scoring/score-forecasts';
import { scoreRanges, type ModelRangeScores, type RangePoint } from '../scoring/score-ranges';
import type { BacktestForecast } from './backtest-forecast';
import { rankModels, type BacktestDatasetInfo, type BacktestReport } from './backtest-report';
import { NAIVE_RANGES, type ResolvedBacktestRequest } from './backtest-request';
import type { WalkForwardRun } from './walk-forward';

/** Everything a finished backtest produced, before it is scored. */
export interface BacktestRun extends WalkForwardRun {
  readonly id: string;
  readonly request: ResolvedBacktestRequest & { readonly to: IsoDay };
  readonly backend: string;
  readonly datasets: Readonly<Record<string, BacktestDatasetInfo>>;
  /** sha256 over every dataset's sha256 (see `BacktestReport.data.sha256`). */
  readonly dataSha256: string;
}

/** The points of a model's forecasts, for the one scorer. */
export function forecastPoints(forecasts: readonly BacktestForecast[]): ForecastPoint[] {
  return forecasts.flatMap((f) =>
    f.predicted.map((predicted, k) => ({
      symbol: f.symbol,
      origin: f.origin,
      horizonDay: k + 1,
      originClose: f.originClose,
      predicted,
      actual: f.actual[k],
    })),
  );
}

/**
 * The range points of a model's forecasts, each paired with the reference's forecast of the same symbol and
 * origin (forecasts without quantiles, or without a reference forecast, give none).
 */
export function rangePoints(
  forecasts: readonly BacktestForecast[],
  reference: readonly BacktestForecast[],
): RangePoint[] {
  const byKey = new Map(reference.map((f) => [`${f.symbol} ${f.origin}`, f]));
  return forecasts.flatMap((f) => {
    const ref = byKey.get(`${f.symbol} ${f.origin}`);
    const q = f.logReturnQuantiles;
    const r = ref?.logReturnQuantiles;
    if (q === undefined || r === undefined) return [];
    return f.actual.map((actual, day) => ({
      symbol: f.symbol,
      origin: f.origin,
      horizonDay: day + 1,
      outcome: Math.log(actual / f.originClose),
      quantiles: q.map((byDay) => byDay[day]),
      reference: r.map((byDay) => byDay[day]),
    }));
  });
}

/** Range scores of every model whose forecasts carry quantiles, against the naive ranges of the same run. */
export function scoreModelRanges(
  names: readonly string[],
  forecasts: ReadonlyMap<string, readonly BacktestForecast[]>,
  reference: readonly BacktestForecast[],
  horizon: number,
): ModelRangeScores[] {
  return names
    .map((name) => rangeScoresOf(name, forecasts.get(name) ?? [], reference, horizon))
    .filter((scores): scores is ModelRangeScores => scores !== undefined);
}

/**
 * The range scores of one model's forecasts against the reference's on the same points, labelled `name`;
 * undefined when its forecasts carry no quantiles (a point model).
 */
export function rangeScoresOf(
  name: string,
  forecasts: readonly BacktestForecast[],
  reference: readonly BacktestForecast[],
  horizon: number,
): ModelRangeScores | undefined {
  if (!forecasts.some((f) => f.logReturnQuantiles !== undefined)) return undefined;
  return scoreRanges(name, rangePoints(forecasts, reference), horizon);
}

/** Scores every model with the one scorer and assembles `report.json`'s content, in a fixed field order. */
export function buildBacktestReport(run: BacktestRun): BacktestReport {
  const { request, datasets, periods } = run;
  const horizon = request.parameters.horizon;
  const models = request.models.map((name) =>
    scorePoints(name, forecastPoints(run.forecasts.get(name) ?? []), horizon),
  );
  const ranges = scoreModelRanges(
    request.models,
    run.forecasts,
    run.forecasts.get(NAIVE_RANGES) ?? [],
    horizon,
  );
  const scored = periods.flatMap((p) => p.origins);
  const dates = scored.map((o) => o.date);
  const symbols = Object.keys(datasets).sort();
  return {
    schemaVersion: 2,
    id: run.id,
    request,
    backend: run.backend,
    horizon,
    refitStrategy: request.warmStart
      ? `every cut-off after the first continues from the previous cut-off's fitted weights (warm start, networks); other kinds refit from scratch`
      : 'every cut-off fits from scratch on the data up to it',
    data: {
      firstDate: symbols.map((s) => datasets[s].firstDate).reduce((a, b) => (a < b ? a : b)),
      lastDate: symbols.map((s) => datasets[s].lastDate).reduce((a, b) => (a > b ? a : b)),
      sha256: run.dataSha256,
      bySymbol: datasets,
    },
    origins: {
      from: dates.reduce((a, b) => (a < b ? a : b)),
      to: dates.reduce((a, b) => (a > b ? a : b)),
      forecasts: scored.length,
      bySymbol: Object.fromEntries(symbols.map((s) => [s, scored.filter((o) => o.symbol === s).length])),
      inputDays: run.inputDays,
      targetsUnknown: periods.reduce((n, p) => n + p.targetsUnknown, 0),
      shortHistory: periods.reduce((n, p) => n + p.shortHistory, 0),
    },
    cutoffs: run.cutoffs,
    audit: { mode: request.audit, checks: run.audits },
    models,
    ranking: rankModels(models),
    ranges,
  };
}
