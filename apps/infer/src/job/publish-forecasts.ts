import { isValidSymbol, parseForecast, type Forecast } from '@cf/ohlcv';
import {
  getJson,
  latestPredictionKey,
  listAll,
  predictionKey,
  putIfChanged,
  stableJson,
  type ObjectStore,
} from '@cf/storage';
import { InvalidForecastError } from '../errors';
import type { MissingSymbol } from './inference-report';
import { forecastFiles, MISSING_SYMBOLS_JSON, summaryFiles } from './prediction-files';

/** What publishing did to the store. */
export interface PublishResult {
  /** The forecasts as published (a re-run keeps the first run's `generatedAt`, see `settleGeneratedAt`). */
  readonly forecasts: readonly Forecast[];
  readonly written: string[];
  readonly unchanged: string[];
  readonly deleted: string[];
}

/**
 * Writes a run's outputs, each object only when its bytes change (`putIfChanged`):
 * 1. `predictions/dt={lastObservedDate}/symbol={SYM}.json` + `.csv` per forecast;
 * 2. `predictions/latest/{SYM}.json` + `.csv` per forecast, and removes those of this run's missing symbols
 *    (so `latest/` never shows a forecast the latest run could not refresh next to its reason);
 * 3. `latest_all.json` + `.csv`: every `{SYM}.json` now in `latest/` (symbols this run did not cover keep
 *    their last forecast), and `missing_symbols.json`: this run's missing symbols plus earlier entries of
 *    symbols neither forecast nor requested now. Run-wide files come last, so they never list a symbol whose
 *    own file is not there yet.
 */
export async function publishForecasts(
  store: ObjectStore,
  run: {
    readonly forecasts: readonly Forecast[];
    readonly missing: readonly MissingSymbol[];
    readonly symbols: readonly string[];
  },
): Promise<PublishResult> {
  const result: PublishResult = { forecasts: [], written: [], unchanged: [], deleted: [] };
  const put = async (key: string, body: string, contentType: string): Promise<void> => {
    const outcome = await putIfChanged(store, key, body, { contentType });
    (outcome === 'written' ? result.written : result.unchanged).push(key);
  };

  const published: Forecast[] = [];
  for (const fresh of run.forecasts) {
    const forecast = await settleGeneratedAt(store, canonicalForecast(fresh));
    published.push(forecast);
    for (const file of forecastFiles(forecast)) {
      const ext = file.name.endsWith('.json') ? 'json' : 'csv';
      await put(predictionKey(forecast.lastObservedDate, forecast.symbol, ext), file.body, file.contentType);
    }
    for (const file of forecastFiles(forecast))
      await put(latestPredictionKey(file.name), file.body, file.contentType);
  }
  for (const { symbol } of run.missing) {
    for (const name of [`${symbol}.json`, `${symbol}.csv`]) {
      const key = latestPredictionKey(name);
      if ((await store.head(key)) === undefined) continue;
      await store.delete(key);
      result.deleted.push(key);
    }
  }

  const latest = await readLatestForecasts(store);
  const covered = new Set([...run.symbols, ...latest.map((f) => f.symbol)]);
  const earlier = await readMissing(store);
  const missing = [...run.missing, ...earlier.filter((m) => !covered.has(m.symbol))];
  for (const file of summaryFiles(latest, missing))
    await put(latestPredictionKey(file.name), file.body, file.contentType);
  return { ...result, forecasts: published };
}

/**
 * The forecast to publish: `fresh`, unless the dated prediction already holds the same forecast (same model
 * version, data, numbers and flags) with another `generatedAt`; then that one, so re-running a day with the
 * same model and dataset leaves every object byte-for-byte as it was, and `generatedAt` keeps saying when
 * the forecast was first made (an honest timestamp rather than one derived from the data).
 */
export async function settleGeneratedAt(store: ObjectStore, fresh: Forecast): Promise<Forecast> {
  const existing = parseForecast(
    await readJsonOrUndefined(store, predictionKey(fresh.lastObservedDate, fresh.symbol, 'json')),
  );
  if (typeof existing === 'string') return fresh;
  const same = stableJson({ ...existing, generatedAt: '' }) === stableJson({ ...fresh, generatedAt: '' });
  return same ? { ...fresh, generatedAt: existing.generatedAt } : fresh;
}

// The field order parseForecast writes, so a forecast's bytes depend on its values only.
function canonicalForecast(forecast: Forecast): Forecast {
  const parsed = parseForecast(JSON.parse(JSON.stringify(forecast)));
  if (typeof parsed === 'string')
    throw new InvalidForecastError(`forecast of ${forecast.symbol} is not valid: ${parsed}`);
  return parsed;
}

async function readLatestForecasts(store: ObjectStore): Promise<Forecast[]> {
  const prefix = latestPredictionKey(MISSING_SYMBOLS_JSON).slice(0, -MISSING_SYMBOLS_JSON.length);
  const forecasts: Forecast[] = [];
  for (const { key } of await listAll(store, prefix)) {
    const name = key.slice(prefix.length);
    if (!name.endsWith('.json') || !isValidSymbol(name.slice(0, -'.json'.length))) continue;
    const forecast = parseForecast(await readJsonOrUndefined(store, key));
    if (typeof forecast !== 'string') forecasts.push(forecast);
  }
  return forecasts;
}

async function readMissing(store: ObjectStore): Promise<MissingSymbol[]> {
  const doc = await readJsonOrUndefined(store, latestPredictionKey(MISSING_SYMBOLS_JSON));
  if (!Array.isArray(doc)) return [];
  return doc.filter(
    (m): m is MissingSymbol =>
      typeof m === 'object' &&
      m !== null &&
      typeof m.symbol === 'string' &&
      typeof m.code === 'string' &&
      typeof m.reason === 'string',
  );
}

// A stored object that is not JSON is treated as absent: the run replaces it with a good one.
async function readJsonOrUndefined(store: ObjectStore, key: string): Promise<unknown> {
  try {
    return await getJson<unknown>(store, key);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'STORAGE_INVALID_JSON') return undefined;
    throw error;
  }
}
