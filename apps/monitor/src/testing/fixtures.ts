// Test fixtures: processed datasets, manifests and published forecasts written into a real temp store.
import { createHash } from 'node:crypto';
import {
  addDays,
  findGaps,
  formatCandlesCsv,
  QUANTILE_LEVELS,
  type Candle,
  type DatasetManifest,
  type Forecast,
} from '@cf/ohlcv';
import {
  predictionKey,
  processedDatasetKey,
  PROCESSED_MANIFEST_KEY,
  putJson,
  type ObjectStore,
} from '@cf/storage';

/** Candles of one symbol from `from`, one per day, with the given closes (open = previous close). */
export function syntheticCandles(
  symbol: string,
  from: string,
  closes: readonly number[],
  volume = 1e6,
): Candle[] {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1];
    return {
      date: addDays(from, i),
      symbol,
      open,
      high: Math.max(open, close) * 1.01,
      low: Math.min(open, close) * 0.99,
      close,
      volume,
    };
  });
}

/** Writes each symbol's processed dataset and a manifest describing them (rows, range, gaps, sha256). */
export async function writeDatasets(
  store: ObjectStore,
  datasets: readonly (readonly Candle[])[],
): Promise<void> {
  const entries: Record<string, DatasetManifest['datasets'][string]> = {};
  for (const candles of datasets) {
    const symbol = candles[0].symbol;
    const text = formatCandlesCsv(candles);
    const key = processedDatasetKey(symbol);
    await store.put(key, text);
    entries[symbol] = {
      symbol,
      key,
      rows: candles.length,
      firstDate: candles[0].date,
      lastDate: candles[candles.length - 1].date,
      gaps: findGaps(candles),
      sha256: createHash('sha256').update(text).digest('hex'),
    };
  }
  const manifest: DatasetManifest = {
    schemaVersion: 1,
    updatedAt: '2024-02-12T00:00:00.000Z',
    datasets: entries,
    rawConsumed: {},
  };
  await putJson(store, PROCESSED_MANIFEST_KEY, manifest);
}

/** What a fixture forecast predicts for horizon day `h`, given the origin's close and the true future close. */
export type Predict = (h: number, lastClose: number, futureClose: number | undefined) => number;

/** A forecast from `origin` (a day of `candles`) over `horizon` days, with predictions from `predict`. */
export function makeForecast(
  candles: readonly Candle[],
  origin: string,
  horizon: number,
  predict: Predict,
  modelVersion = 'v-test',
  /** Log-return quantiles at `QUANTILE_LEVELS` of horizon day h, for a forecast with ranges. */
  ranges?: (h: number) => readonly number[],
): Forecast {
  const index = candles.findIndex((c) => c.date === origin);
  if (index < 0) throw new Error(`no candle on ${origin}`);
  const lastClose = candles[index].close;
  let previous = lastClose;
  const steps = Array.from({ length: horizon }, (_, i) => {
    const predictedClose = predict(i + 1, lastClose, candles[index + i + 1]?.close);
    const quantiles = ranges?.(i + 1).map((q, k) => ({
      level: QUANTILE_LEVELS[k],
      close: lastClose * Math.exp(q),
    }));
    const step = {
      horizonDay: i + 1,
      targetDate: addDays(origin, i + 1),
      predictedReturn: predictedClose / previous - 1,
      predictedClose,
      ...(quantiles === undefined ? {} : { quantiles }),
    };
    previous = predictedClose;
    return step;
  });
  return {
    symbol: candles[0].symbol,
    lastObservedDate: origin,
    lastClose,
    generatedAt: `${addDays(origin, 1)}T00:05:00.000Z`,
    modelVersion,
    model: 'lstm/scale-free',
    modelTrainedThrough: addDays(origin, -30),
    horizon,
    steps,
    outOfDistribution: [],
  };
}

/** Writes a forecast where infer would (`predictions/dt={lastObservedDate}/symbol={SYM}.json`). */
export async function writeForecast(store: ObjectStore, forecast: Forecast): Promise<void> {
  await putJson(store, predictionKey(forecast.lastObservedDate, forecast.symbol, 'json'), forecast);
}

/** Writes one forecast per origin day in `from .. to` for `candles`' symbol. */
export async function writeForecasts(
  store: ObjectStore,
  candles: readonly Candle[],
  range: { from: string; to: string },
  horizon: number,
  predict: Predict,
  modelVersion?: string,
): Promise<Forecast[]> {
  const written: Forecast[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
    const forecast = makeForecast(candles, day, horizon, predict, modelVersion);
    await writeForecast(store, forecast);
    written.push(forecast);
  }
  return written;
}

/** Persistence as a "model": every step predicts the last close. */
export const persistenceModel: Predict = (_h, lastClose) => lastClose;
