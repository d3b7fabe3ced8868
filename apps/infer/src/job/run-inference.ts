import { calibratedLevels, type ModelKind } from '@cf/forecasting';
import { lastCompleteDay, type Candle, type Forecast } from '@cf/ohlcv';
import { forecastRecords, readCalibration, readModelMetadata } from '@cf/model';
import { modelPrefix, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import { NoForecastsError } from '../errors';
import { missingFromError, type InferenceReport, type MissingSymbol } from './inference-report';
import {
  resolveInferenceRequest,
  type InferenceRequest,
  type ResolvedInferenceRequest,
} from './inference-request';
import { checkModelAge } from './model-age';
import { publishForecasts } from './publish-forecasts';
import { readDataset } from './read-dataset';
import type { RemoteEndpoint } from './remote-endpoint';
import type { VersionCache } from './version-cache';

/** What every run needs. */
interface BaseDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Most assets in one endpoint request (`INVOCATIONS_MAX_SYMBOLS`): remote runs send batches of at most this. */
  readonly maxSymbolsPerRequest?: number;
}

/** In-process mode: the model version is loaded from the store (cached per process) through the registry. */
export interface InProcessDeps extends BaseDeps {
  readonly kinds: readonly ModelKind[];
  readonly versionCache: VersionCache;
  readonly endpoint?: undefined;
}

/** Remote mode (`INFER_ENDPOINT_NAME`): the same candles go to a SageMaker endpoint, which forecasts. */
export interface RemoteDeps extends BaseDeps {
  readonly endpoint: RemoteEndpoint;
}

/** The job's dependencies: in-process or remote. */
export type InferenceDeps = InProcessDeps | RemoteDeps;

/** The forecasts of one run before publishing, with the model they came from. */
interface RunForecasts {
  readonly model: { readonly version: string; readonly trainedThrough: string; readonly name: string };
  readonly forecasts: Forecast[];
  readonly missing: MissingSymbol[];
}

/**
 * The scheduled job: forecasts every requested symbol from its processed dataset with the promoted model (or
 * a named version), whatever its kind, and publishes `predictions/` (see `publishForecasts`). Each symbol's
 * last `historyDays` candles (the model's need, from its metadata) are the input, in-process or sent to the
 * endpoint, so both give the same forecast. In-process, `metadata.json` is read on every run and the version
 * is reloaded only when it changed. Symbols are read and forecast in bounded batches (32 in-process, at most
 * `maxSymbolsPerRequest` per endpoint request), so memory does not grow with their number. With `maxModelAgeDays`, a model whose
 * training cut-off is older refuses to publish (`ModelTooOldError`). Symbols without a dataset or with too few
 * rows are listed in `missing_symbols.json` with the reason; if no symbol can be forecast nothing is written
 * (`NoForecastsError`). Same model version and datasets: the store ends byte-for-byte as it was.
 *
 * @example
 * const report = await runInference({ store, clock: () => new Date(), logger, tf, forecasterCache }, { symbols: ['BTC'] });
 */
export async function runInference(deps: InferenceDeps, request: InferenceRequest): Promise<InferenceReport> {
  const resolved = resolveInferenceRequest(request);
  const generatedAt = deps.clock().toISOString();
  const log = deps.logger.child({ job: 'infer' });
  const run =
    deps.endpoint === undefined
      ? await forecastInProcess(deps, resolved, generatedAt)
      : await forecastRemotely(deps, deps.endpoint, resolved, generatedAt);

  for (const missing of run.missing)
    log.warn({ ...missing }, `no forecast for ${missing.symbol}: ${missing.reason}`);
  if (run.forecasts.length === 0) {
    const kind = run.missing.every((m) => m.code === 'INFER_NO_DATASET') ? 'not-found' : 'input';
    throw new NoForecastsError(
      `no forecast for any of ${resolved.symbols.join(', ')}; nothing published: ${run.missing.map((m) => `${m.symbol}: ${m.reason}`).join('; ')}`,
      kind,
    );
  }
  const today = lastCompleteDay(deps.clock());
  for (const forecast of run.forecasts) {
    if (forecast.outOfDistribution.length > 0) {
      log.warn(
        {
          symbol: forecast.symbol,
          lastObservedDate: forecast.lastObservedDate,
          outOfDistribution: forecast.outOfDistribution,
        },
        `${forecast.symbol}: latest features outside the training distribution (${forecast.outOfDistribution.map((f) => f.feature).join(', ')}); forecast flagged`,
      );
    }
    if (forecast.lastObservedDate < today) {
      log.warn(
        { symbol: forecast.symbol, lastObservedDate: forecast.lastObservedDate, lastCompleteDay: today },
        `${forecast.symbol}: dataset ends ${forecast.lastObservedDate}, before the last complete day ${today}`,
      );
    }
  }

  const published = await publishForecasts(deps.store, {
    forecasts: run.forecasts,
    missing: run.missing,
    symbols: resolved.symbols,
  });
  const report: InferenceReport = {
    mode: deps.endpoint === undefined ? 'in-process' : 'remote',
    ...(deps.endpoint === undefined ? {} : { endpointName: deps.endpoint.name }),
    modelVersion: run.model.version,
    model: run.model.name,
    modelTrainedThrough: run.model.trainedThrough,
    forecasts: published.forecasts,
    missing: run.missing,
    written: published.written,
    unchanged: published.unchanged,
    deleted: published.deleted,
  };
  log.info(
    {
      mode: report.mode,
      modelVersion: report.modelVersion,
      modelTrainedThrough: report.modelTrainedThrough,
      forecasts: report.forecasts.map((f) => f.symbol),
      missing: report.missing.map((m) => m.symbol),
      written: report.written.length,
      unchanged: report.unchanged.length,
      deleted: report.deleted.length,
    },
    'published forecasts',
  );
  return report;
}

async function forecastInProcess(
  deps: InProcessDeps,
  request: ResolvedInferenceRequest,
  generatedAt: string,
): Promise<RunForecasts> {
  const prefix = modelPrefix(request.modelVersion);
  const metadata = await readModelMetadata(deps.store, prefix);
  const now = deps.clock();
  checkModelAge(
    { version: metadata.version, trainedThrough: metadata.data.trainedThrough },
    now,
    request.maxModelAgeDays,
  );
  const loaded = await deps.versionCache.obtain(deps.store, prefix, metadata.version, deps.kinds);
  const model = {
    version: loaded.metadata.version,
    trainedThrough: loaded.metadata.data.trainedThrough,
    name: loaded.metadata.model,
  };
  // A promotion may have landed between reading metadata.json and loading: judge the model actually used.
  if (model.version !== metadata.version) checkModelAge(model, now, request.maxModelAgeDays);

  const run: RunForecasts = { model, forecasts: [], missing: [] };
  const levels = await calibrationLevels(deps.store, loaded.metadata.model, request.symbols);
  for (const symbols of batches(request.symbols, IN_PROCESS_BATCH)) {
    const series = await readSeries(deps.store, symbols, loaded.metadata.historyDays, run.missing);
    const outcomes = await forecastRecords(loaded, series, {
      generatedAt,
      oodLimit: request.oodZLimit,
      ...(levels === undefined ? {} : { levels }),
    });
    for (const [symbol, outcome] of outcomes) {
      if (outcome.ok) run.forecasts.push(outcome.forecast);
      else run.missing.push(missingFromError(symbol, outcome.error));
    }
  }
  run.forecasts.sort((a, b) => request.symbols.indexOf(a.symbol) - request.symbols.indexOf(b.symbol));
  return run;
}

async function forecastRemotely(
  deps: RemoteDeps,
  endpoint: RemoteEndpoint,
  request: ResolvedInferenceRequest,
  generatedAt: string,
): Promise<RunForecasts> {
  // The endpoint serves the promoted model; its metadata says how many days it reads, so only those are sent.
  const metadata = await readModelMetadata(deps.store, modelPrefix(request.modelVersion));
  const forecasts: Forecast[] = [];
  const missing: MissingSymbol[] = [];
  const levels = await calibrationLevels(deps.store, metadata.model, request.symbols);
  for (const symbols of batches(request.symbols, deps.maxSymbolsPerRequest ?? 100)) {
    const chunk = await readSeries(deps.store, symbols, metadata.historyDays, missing);
    if (chunk.size === 0) continue;
    const outcomes = await endpoint.forecast(chunk, request.oodZLimit, levels);
    for (const [symbol, outcome] of outcomes) {
      if (outcome.ok) {
        // The run's time, as in-process: the endpoint's own clock says when it answered, not when the job ran.
        forecasts.push({ ...outcome.forecast, generatedAt });
      } else {
        const reason = `endpoint ${endpoint.name} refused the candles (${outcome.status}): ${outcome.reason}`;
        missing.push({ symbol, code: outcome.code, reason });
      }
    }
  }
  const now = deps.clock();
  for (const forecast of forecasts) {
    checkModelAge(
      { version: forecast.modelVersion, trainedThrough: forecast.modelTrainedThrough },
      now,
      request.maxModelAgeDays,
    );
  }
  const first = forecasts[0];
  const model =
    first === undefined
      ? { version: '', trainedThrough: '', name: '' }
      : { version: first.modelVersion, trainedThrough: first.modelTrainedThrough, name: first.model };
  return { model, forecasts, missing };
}

/**
 * The calibrated levels of a range recipe's forecasts, by symbol, from its calibration state in the store
 * (kept by the monitor's daily cycle); undefined for point recipes and before any outcome was absorbed (the
 * nominal levels apply).
 */
async function calibrationLevels(
  store: ObjectStore,
  model: string,
  symbols: readonly string[],
): Promise<Map<string, number[][]> | undefined> {
  if (!model.includes('+')) return undefined;
  const state = await readCalibration(store, model);
  if (state === undefined) return undefined;
  return new Map(symbols.map((symbol) => [symbol, calibratedLevels(state, symbol)]));
}

/**
 * Assets read and forecast together in-process. Only one batch's candles are held at a time, so the job's
 * memory does not grow with the number of assets (the forecasts it keeps are a few kilobytes each).
 */
const IN_PROCESS_BATCH = 32;

/** `items` in consecutive batches of at most `size`. */
function* batches<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The last `days` candles of each symbol's processed dataset; a symbol without a usable one is added to
 * `missing` with the reason.
 */
async function readSeries(
  store: ObjectStore,
  symbols: readonly string[],
  days: number,
  missing: MissingSymbol[],
): Promise<Map<string, readonly Candle[]>> {
  const series = new Map<string, readonly Candle[]>();
  for (const symbol of symbols) {
    const dataset = await readDataset(store, symbol, days);
    if (dataset.ok) series.set(symbol, dataset.candles);
    else missing.push(dataset.missing);
  }
  return series;
}
