import { formatForecastsCsv, type Forecast } from '@cf/ohlcv';
import { stableJson } from '@cf/storage';
import type { MissingSymbol } from './inference-report';

/** Names of the run-wide files in `predictions/latest/` (and in the CLI's `--output-dir`). */
export const LATEST_ALL_JSON = 'latest_all.json';
export const LATEST_ALL_CSV = 'latest_all.csv';
export const MISSING_SYMBOLS_JSON = 'missing_symbols.json';

/** One file to write: its name (or key) and its bytes. */
export interface PredictionFile {
  readonly name: string;
  readonly body: string;
  readonly contentType: string;
}

const JSON_TYPE = 'application/json';
const CSV_TYPE = 'text/csv';

/** `{SYM}.json` and `{SYM}.csv` of one forecast: stable JSON and the forecast CSV (one row per step). */
export function forecastFiles(forecast: Forecast): PredictionFile[] {
  return [
    { name: `${forecast.symbol}.json`, body: stableJson(forecast), contentType: JSON_TYPE },
    { name: `${forecast.symbol}.csv`, body: formatForecastsCsv([forecast]), contentType: CSV_TYPE },
  ];
}

/**
 * `latest_all.json` (a JSON array of forecasts), `latest_all.csv` (`FORECAST_CSV_COLUMNS`, one row per
 * step) and `missing_symbols.json` (a JSON array of `{symbol, code, reason, needed?, available?}`), each
 * sorted by symbol so the same forecasts always give the same bytes.
 */
export function summaryFiles(
  forecasts: readonly Forecast[],
  missing: readonly MissingSymbol[],
): PredictionFile[] {
  const sorted = [...forecasts].sort((a, b) => compare(a.symbol, b.symbol));
  const gaps = [...missing].sort((a, b) => compare(a.symbol, b.symbol));
  return [
    { name: LATEST_ALL_JSON, body: stableJson(sorted), contentType: JSON_TYPE },
    { name: LATEST_ALL_CSV, body: formatForecastsCsv(sorted), contentType: CSV_TYPE },
    { name: MISSING_SYMBOLS_JSON, body: stableJson(gaps), contentType: JSON_TYPE },
  ];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
