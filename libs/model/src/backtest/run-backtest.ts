import { createHash } from 'node:crypto';
import {
  buildBacktestReport,
  createRecipeForecaster,
  formatBacktestMarkdown,
  formatForecastsCsv,
  freezeData,
  NAIVE_RANGES,
  NoBacktestOriginsError,
  parseRecipe,
  resolveBacktestRequest,
  sortForecasts,
  walkForward,
  type BacktestProgress,
  type BacktestReport,
  type BacktestRequest,
  type ForecasterFactory,
  type ModelKind,
} from '@cf/forecasting';
import type { ObjectStore } from '@cf/storage';
import { loadTrainingDatasets, type DataSource, type TrainingDataset } from '../data/datasets';
import { backtestId } from './backtest-id';
import { writeBacktest, type BacktestKeys } from './write-backtest';

/** What `runBacktest` runs with. */
export interface BacktestDeps {
  readonly kinds: readonly ModelKind[];
  /** Name of the tfjs backend networks run on (`none` when none is needed), recorded in the report and the id. */
  readonly backend: string;
  /** Where the datasets are (`{ store, prefix: 'processed/daily/' }`). */
  readonly data: DataSource;
  /** Where `backtests/{id}/` is written; nothing is written when omitted. */
  readonly output?: ObjectStore;
  readonly onProgress?: (event: BacktestProgress) => void;
  readonly signal?: AbortSignal;
  /** Milliseconds of a monotonic clock, for progress only. */
  readonly now?: () => number;
  /** Makes the models (default: the registry's recipes with the request's parameters). */
  readonly create?: ForecasterFactory;
}

/** A finished backtest. */
export interface BacktestResult {
  readonly id: string;
  readonly report: BacktestReport;
  /** `report.md` */
  readonly markdown: string;
  /** `forecasts.csv` */
  readonly forecastsCsv: string;
  /** Present when `deps.output` was given. */
  readonly keys?: BacktestKeys;
}

/**
 * Walk-forward backtest of every requested model (persistence always included) on the same origins, through the
 * one harness (`walkForward`) and the one scorer; with `deps.output`, written to `backtests/{id}/`:
 * `forecasts.csv`, `report.md`, then `report.json` (a reader that finds it finds the rest).
 *
 * @example
 * const result = await runBacktest({ kinds, backend: 'wasm', data: { store, prefix: 'processed/daily/' }, output: store },
 *   { from: '2023-02-11', to: '2024-02-10', refitEvery: 7, warmStart: true, models: ['ridge', 'lstm'] });
 */
export async function runBacktest(deps: BacktestDeps, request: BacktestRequest): Promise<BacktestResult> {
  const asked = resolveBacktestRequest(request, deps.kinds);
  const datasets = await loadTrainingDatasets(deps.data, asked.parameters.symbols);
  const data = freezeData(Object.fromEntries(datasets.map((d) => [d.symbol, d.series])));
  const lastDate = datasets.map((d) => d.lastDate).reduce((a, b) => (a > b ? a : b));
  const to = asked.to === undefined || asked.to > lastDate ? lastDate : asked.to;
  if (to <= asked.from) {
    throw new NoBacktestOriginsError(
      asked.from,
      to,
      `the data ends on ${lastDate}, on or before the first cut-off`,
    );
  }
  const resolved = Object.freeze({ ...asked, to });
  const sha256 = Object.fromEntries(datasets.map((d) => [d.symbol, d.sha256]));
  const id = backtestId(resolved, sha256, deps.backend);
  const create: ForecasterFactory =
    deps.create ??
    ((name) => createRecipeForecaster(parseRecipe(name, deps.kinds), resolved.parameters, deps.kinds));
  const run = await walkForward({
    data,
    models: resolved.models,
    create,
    horizon: resolved.parameters.horizon,
    from: resolved.from,
    to,
    refitEvery: resolved.refitEvery,
    windowMode: resolved.windowMode,
    ...(resolved.trainDays === undefined ? {} : { trainDays: resolved.trainDays }),
    audit: resolved.audit,
    seed: resolved.parameters.seed,
    warmStart: resolved.warmStart,
    calibrate:
      resolved.calibration === 'aci'
        ? resolved.models.filter((m) => m.includes('+') && m !== NAIVE_RANGES)
        : [],
    calibrationWarmUp: resolved.calibrationWarmUp,
    onPlanned: (periods) =>
      deps.onProgress?.({
        type: 'start',
        id,
        models: resolved.models,
        symbols: datasets.map((d) => d.symbol),
        refits: periods.filter((p) => p.origins.length > 0).length,
        forecasts: periods.reduce((n, p) => n + p.origins.length, 0),
        from: resolved.from,
        to,
      }),
    ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  const report = buildBacktestReport({
    ...run,
    id,
    request: resolved,
    backend: deps.backend,
    datasets: Object.fromEntries(
      datasets.map((d) => [
        d.symbol,
        { key: d.key, firstDate: d.firstDate, lastDate: d.lastDate, rows: d.series.length, sha256: d.sha256 },
      ]),
    ),
    dataSha256: combinedSha256(datasets),
  });
  const ordered = resolved.models.flatMap((name) => sortForecasts(run.forecasts.get(name) ?? []));
  const result = {
    id,
    report,
    markdown: formatBacktestMarkdown(report),
    forecastsCsv: formatForecastsCsv(ordered),
  };
  if (deps.output === undefined) return result;
  return { ...result, keys: await writeBacktest(deps.output, result) };
}

/** sha256 of the lines `{symbol} {sha256}\n` of every dataset, in symbol order. */
function combinedSha256(datasets: readonly TrainingDataset[]): string {
  const lines = [...datasets]
    .sort((a, b) => (a.symbol < b.symbol ? -1 : 1))
    .map((d) => `${d.symbol} ${d.sha256}\n`)
    .join('');
  return createHash('sha256').update(lines).digest('hex');
}
