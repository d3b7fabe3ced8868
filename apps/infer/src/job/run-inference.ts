import type * as tfTypes from '@tensorflow/tfjs';
import { lastCompleteDay, type Candle, type Forecast } from '@cf/ohlcv';
import { InsufficientDataError, readModelMetadata, type Forecaster } from '@cf/model';
import { modelPrefix, type ObjectStore } from '@cf/storage';
import type { Logger } from '@cf/service';
import { NoForecastsError } from '../errors';
import { forecastSeries, recentCandles } from '../forecast/forecast-series';
import type { ForecasterCache } from './forecaster-cache';
import type { InferenceReport, MissingSymbol } from './inference-report';
import {
  resolveInferenceRequest,
  type InferenceRequest,
  type ResolvedInferenceRequest,
} from './inference-request';
import { checkModelAge } from './model-age';
import { publishForecasts } from './publish-forecasts';
import { readDataset } from './read-dataset';
import type { RemoteEndpoint } from './remote-endpoint';

/** What every run needs. */
interface BaseDeps {
  readonly store: ObjectStore;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** In-process mode: the model is loaded from the store (cached per process) and run with tfjs here. */
export interface InProcessDeps extends BaseDeps {
  readonly tf: typeof tfTypes;
  readonly forecasterCache: ForecasterCache;
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
  readonly model: { readonly version: string; readonly trainedThrough: string };
  readonly forecasts: Forecast[];
  readonly missing: MissingSymbol[];
}

/**
 * The scheduled job: forecasts every requested symbol from its processed dataset with the promoted model (or
 * a named version) and publishes `predictions/` (see `publishForecasts`). In-process, `metadata.json` is read
 * on every run and the model is reloaded only when its version changed. With `maxModelAgeDays`, a model whose
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
  const forecaster = await deps.forecasterCache.obtain(deps.tf, deps.store, prefix, metadata.version);
  const model = {
    version: forecaster.metadata.version,
    trainedThrough: forecaster.metadata.data.trainedThrough,
  };
  // A promotion may have landed between reading metadata.json and loading: judge the model actually used.
  if (model.version !== metadata.version) checkModelAge(model, now, request.maxModelAgeDays);

  const run: RunForecasts = { model, forecasts: [], missing: [] };
  for (const symbol of request.symbols) {
    const dataset = await readDataset(deps.store, symbol);
    if (!dataset.ok) {
      run.missing.push(dataset.missing);
      continue;
    }
    const outcome = forecastOrMissing(forecaster, symbol, dataset.candles, {
      generatedAt,
      oodZLimit: request.oodZLimit,
    });
    if ('missing' in outcome) run.missing.push(outcome.missing);
    else run.forecasts.push(outcome.forecast);
  }
  return run;
}

function forecastOrMissing(
  forecaster: Forecaster,
  symbol: string,
  candles: readonly Candle[],
  options: { generatedAt: string; oodZLimit: number },
): { forecast: Forecast } | { missing: MissingSymbol } {
  try {
    return { forecast: forecastSeries(forecaster, candles, options) };
  } catch (error) {
    if (!(error instanceof InsufficientDataError)) throw error;
    return {
      missing: {
        symbol,
        code: error.code,
        reason: error.message,
        needed: error.needed,
        available: error.available,
      },
    };
  }
}

async function forecastRemotely(
  deps: RemoteDeps,
  endpoint: RemoteEndpoint,
  request: ResolvedInferenceRequest,
  generatedAt: string,
): Promise<RunForecasts> {
  const forecasts: Forecast[] = [];
  const missing: MissingSymbol[] = [];
  for (const symbol of request.symbols) {
    const dataset = await readDataset(deps.store, symbol);
    if (!dataset.ok) {
      missing.push(dataset.missing);
      continue;
    }
    const outcome = await endpoint.forecast(symbol, recentCandles(dataset.candles), request.oodZLimit);
    if (outcome.ok) {
      // The run's time, as in-process: the endpoint's own clock says when it answered, not when the job ran.
      forecasts.push({ ...outcome.forecast, generatedAt });
    } else {
      const reason = `endpoint ${endpoint.name} refused the candles (${outcome.status}): ${outcome.reason}`;
      missing.push({ symbol, code: outcome.code, reason });
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
      ? { version: '', trainedThrough: '' }
      : { version: first.modelVersion, trainedThrough: first.modelTrainedThrough };
  return { model, forecasts, missing };
}
