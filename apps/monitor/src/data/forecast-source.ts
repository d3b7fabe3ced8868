import { parseForecast, type Forecast } from '@cf/ohlcv';
import { checkDay, getJson, InvalidJsonError, listAll, type ObjectStore } from '@cf/storage';

/** A published forecast and the key it was read from. */
export interface StoredForecast {
  readonly key: string;
  readonly forecast: Forecast;
}

/** A prediction object that could not be scored, and why. */
export interface UnreadableForecast {
  readonly key: string;
  readonly problem: string;
}

/** The forecasts published per origin day, each day listed and read at most once per job run. */
export interface ForecastSource {
  /** Forecasts under `predictions/dt={day}/` (their data ends on `day`), sorted by symbol. */
  madeOn(day: string): Promise<readonly StoredForecast[]>;
  /** Prediction objects seen so far that are not usable forecasts. */
  unreadable(): readonly UnreadableForecast[];
}

const FORECAST_KEY = /\/symbol=([A-Z0-9]{1,15})\.json$/;

/** A `ForecastSource` over `predictions/dt=*\/symbol=*.json` of the store. */
export function createForecastSource(store: ObjectStore): ForecastSource {
  const days = new Map<string, Promise<readonly StoredForecast[]>>();
  const bad: UnreadableForecast[] = [];

  async function read(day: string): Promise<readonly StoredForecast[]> {
    const objects = await listAll(store, `predictions/dt=${checkDay(day)}/`);
    const keys = objects.map((o) => o.key).filter((key) => FORECAST_KEY.test(key));
    const found: StoredForecast[] = [];
    for (const key of keys) {
      let doc: unknown;
      try {
        doc = await getJson<unknown>(store, key);
      } catch (error) {
        if (!(error instanceof InvalidJsonError)) throw error;
        bad.push({ key, problem: 'not valid JSON' });
        continue;
      }
      const forecast = doc === undefined ? 'disappeared while listing' : parseForecast(doc);
      if (typeof forecast === 'string') bad.push({ key, problem: forecast });
      else if (forecast.lastObservedDate !== day) {
        bad.push({ key, problem: `lastObservedDate ${forecast.lastObservedDate} does not match dt=${day}` });
      } else if (forecast.symbol !== FORECAST_KEY.exec(key)?.[1]) {
        bad.push({ key, problem: `symbol ${forecast.symbol} does not match the key` });
      } else found.push({ key, forecast });
    }
    return found;
  }

  return {
    madeOn(day) {
      let loaded = days.get(day);
      if (loaded === undefined) {
        loaded = read(day);
        days.set(day, loaded);
      }
      return loaded;
    },
    unreadable: () => bad,
  };
}
