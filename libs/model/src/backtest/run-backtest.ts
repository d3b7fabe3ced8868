import type { ObjectStore } from '@cf/storage';
import type * as tfTypes from '@tensorflow/tfjs';
import { TrainingAbortedError } from '../errors';
import type { ForecastingModel, ModelFitReport } from '../forecasters/forecasting-model';
import { createForecastingModel } from '../forecasters/model-names';
import { loadTrainingDatasets, type DataSource } from '../training/dataset';
import { auditNoLookahead, type AuditReport } from './audit-no-lookahead';
import { freezeData, historyAt, originInputs } from './backtest-data';
import { InvalidBacktestRequestError, NoBacktestOriginsError } from './backtest-errors';
import type { BacktestForecast } from './backtest-forecast';
import { checkPredictions, sortForecasts, toForecasts } from './to-forecasts';
import { backtestId } from './backtest-id';
import { formatBacktestMarkdown } from './backtest-markdown';
import type { BacktestProgress } from './backtest-progress';
import type { BacktestCutoffRecord, BacktestReport } from './backtest-report';
import {
  resolveBacktestRequest,
  type BacktestRequest,
  type ResolvedBacktestRequest,
} from './backtest-request';
import { buildBacktestReport, type BacktestPeriod } from './build-backtest-report';
import { planCutoffs } from './cutoffs';
import { eligibleOrigins } from './eligible-origins';
import { formatForecastsCsv } from './forecasts-csv';
import { RefitCosts } from './refit-costs';
import { writeBacktest, type BacktestKeys } from './write-backtest';

/** Makes a fresh, unfitted model by name for a backtest (one per model and cut-off). */
export type ForecastingModelFactory = (name: string, request: ResolvedBacktestRequest) => ForecastingModel;

/** What `runBacktest` runs with. */
export interface BacktestDeps {
  /** The tfjs namespace, its backend initialised (`initTfBackend`). */
  readonly tf: typeof tfTypes;
  /** Name of that backend, recorded in the report and the id. */
  readonly backend: string;
  /** Where the datasets are (`{ store, prefix: 'processed/daily/' }`). */
  readonly data: DataSource;
  /** Where `backtests/{id}/` is written; nothing is written when omitted. */
  readonly output?: ObjectStore;
  readonly onProgress?: (event: BacktestProgress) => void;
  /** Aborting stops the backtest (a neural fit after its running batch) with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
  /** Milliseconds of a monotonic clock, for refit times and the estimate of the time left only. */
  readonly now?: () => number;
  /** Makes the models (default `createForecastingModel` with the request's hyperparameters). */
  readonly createModel?: ForecastingModelFactory;
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
 * Walk-forward backtest of every requested model (persistence always included) on the same origins:
 * cut-offs every `refitEvery` days from `from`; at each cut-off `c` a fresh instance of every model is fitted on
 * the candles dated on or before `c` only (all of them, or the last `trainDays` in rolling mode), then forecasts
 * every origin in `(c, next cut-off]` (up to `to`) from the candles up to that origin only. Models are handed
 * new frozen arrays, never the harness's own, and never a candle after the cut-off (fit) or the origin
 * (predict). Origins are those whose `horizon` next days are known and with enough history for every model.
 * The audited cut-offs (`audit`) are re-run with the future replaced (`auditNoLookahead`). Forecasts are
 * scored against actual closes next to persistence (`scoreBacktest`) and, with `deps.output`, written to
 * `backtests/{id}/`: `forecasts.csv`, `report.md`, then `report.json` (a reader that finds it finds the rest).
 *
 * @example
 * const { tf, name } = await initTfBackend();
 * const result = await runBacktest({ tf, backend: name, data: { store, prefix: 'processed/daily/' }, output: store },
 *   { from: '2023-02-11', to: '2024-02-10', refitEvery: 91, models: ['lstm/scale-free', 'gru/scale-free'] });
 */
export async function runBacktest(deps: BacktestDeps, request: BacktestRequest): Promise<BacktestResult> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const asked = resolveBacktestRequest(request, { customModels: deps.createModel !== undefined });
  const datasets = await loadTrainingDatasets(deps.data, asked.symbols);
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
  const horizon = resolved.training.horizon;
  const create: ForecastingModelFactory =
    deps.createModel ?? ((name, r) => createForecastingModel(deps.tf, name, { ...r.training }));
  const inputDays = probeInputDays(create, resolved, horizon);

  const blocks: BacktestPeriod[] = planCutoffs(resolved.from, to, resolved.refitEvery).map((plan) => ({
    ...plan,
    ...eligibleOrigins(data, plan.cutoff, plan.until, horizon, inputDays),
  }));
  const active = blocks.filter((b) => b.origins.length > 0);
  const forecastsPerModel = active.reduce((n, b) => n + b.origins.length, 0);
  if (forecastsPerModel === 0) {
    const unknown = blocks.reduce((n, b) => n + b.targetsUnknown, 0);
    const short = blocks.reduce((n, b) => n + b.shortHistory, 0);
    throw new NoBacktestOriginsError(
      resolved.from,
      to,
      `${unknown} candle(s) lack ${horizon} known following days and ${short} lack ${inputDays} consecutive days of history`,
    );
  }
  const sha256 = Object.fromEntries(datasets.map((d) => [d.symbol, d.sha256]));
  const id = backtestId(resolved, sha256, deps.backend);
  deps.onProgress?.({
    type: 'start',
    id,
    models: resolved.models,
    symbols: datasets.map((d) => d.symbol),
    refits: active.length,
    forecasts: forecastsPerModel,
    from: resolved.from,
    to,
  });

  const forecasts = new Map<string, BacktestForecast[]>(resolved.models.map((m) => [m, []]));
  const cutoffs: BacktestCutoffRecord[] = [];
  const audits: AuditReport[] = [];
  const costs = new RefitCosts();
  for (const block of blocks) {
    const fits: Record<string, ModelFitReport> = {};
    cutoffs.push({ cutoff: block.cutoff, until: block.until, origins: block.origins.length, fits });
    if (block.origins.length === 0) continue;
    const refit = active.indexOf(block) + 1;
    const history = historyAt(data, block.cutoff, resolved.windowMode, resolved.trainDays);
    const inputs = originInputs(data, block.origins);
    const audited = resolved.audit === 'all' || (resolved.audit === 'first' && refit === 1);
    for (const [m, name] of resolved.models.entries()) {
      if (deps.signal?.aborted === true) throw new TrainingAbortedError(0, deps.signal.reason);
      const position = { model: name, cutoff: block.cutoff, refit, refits: active.length };
      const stepStart = now();
      const model = create(name, resolved);
      let auditSeconds = 0;
      try {
        const fit = await model.fit(history, {
          cutoff: block.cutoff,
          onEpoch: (epoch) => deps.onProgress?.({ type: 'epoch', epoch, ...position }),
          ...(deps.signal === undefined ? {} : { signal: deps.signal }),
        });
        const fitEnd = now();
        const predictions = await model.predict(inputs);
        const predictEnd = now();
        checkPredictions(name, block.cutoff, predictions, block.origins.length, horizon);
        fits[name] = fit;
        forecasts
          .get(name)
          ?.push(...toForecasts(name, block.cutoff, data, block.origins, predictions, horizon));
        if (audited) {
          audits.push(
            await auditNoLookahead({
              createModel: () => create(name, resolved),
              data,
              cutoff: block.cutoff,
              until: block.until,
              origins: block.origins,
              windowMode: resolved.windowMode,
              ...(resolved.trainDays === undefined ? {} : { trainDays: resolved.trainDays }),
              seed: resolved.training.seed,
              reference: { model, fit, predictions },
            }),
          );
          auditSeconds = (now() - predictEnd) / 1000;
        }
        // The first cut-off's audit is a one-off: leave it out of the per-cut-off cost of later ones.
        costs.add(name, (now() - stepStart) / 1000 - (resolved.audit === 'first' ? auditSeconds : 0));
        deps.onProgress?.({
          type: 'refit',
          ...position,
          fit,
          forecasts: block.origins.length,
          fitSeconds: (fitEnd - stepStart) / 1000,
          predictSeconds: (predictEnd - fitEnd) / 1000,
          auditSeconds,
          elapsedSeconds: (now() - started) / 1000,
          etaSeconds: costs.estimateLeft(resolved.models, active.length - refit, m),
        });
      } finally {
        model.dispose();
      }
    }
  }

  const report = buildBacktestReport({
    id,
    request: resolved,
    backend: deps.backend,
    datasets,
    periods: blocks,
    inputDays,
    cutoffs,
    audits,
    forecasts,
  });
  const ordered = resolved.models.flatMap((name) => sortForecasts(forecasts.get(name) ?? []));
  const result = {
    id,
    report,
    markdown: formatBacktestMarkdown(report),
    forecastsCsv: formatForecastsCsv(ordered),
  };
  if (deps.output === undefined) return result;
  return { ...result, keys: await writeBacktest(deps.output, result) };
}

/** The most consecutive candles any model needs before an origin; also checks every model's horizon. */
function probeInputDays(
  create: ForecastingModelFactory,
  request: ResolvedBacktestRequest,
  horizon: number,
): number {
  let inputDays = 1;
  for (const name of request.models) {
    const probe = create(name, request);
    try {
      if (probe.horizon !== horizon) {
        throw new InvalidBacktestRequestError(
          'models',
          `model ${name} forecasts ${probe.horizon} days, the backtest ${horizon}`,
        );
      }
      inputDays = Math.max(inputDays, probe.inputDays);
    } finally {
      probe.dispose();
    }
  }
  return inputDays;
}
